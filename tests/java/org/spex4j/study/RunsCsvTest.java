package org.spex4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spex4j.testing.Refusals.assertRefused;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study's runs.csv after a kill: the torn last line is dropped, a broken row is named. */
class RunsCsvTest {
    static final String ROW = "3,1,12,spex,4,960,0.991000,,,,,,,,,120,5,ok\n";

    @Test
    void aTornLastLineIsDroppedAndTheRestKept(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("runs.csv");
        Files.writeString(csv, Study.HEADER + "\n" + ROW + "4,1,13,spex,4,96");
        Study.dropTornLine(csv);
        assertEquals(Study.HEADER + "\n" + ROW, Files.readString(csv));
        assertEquals(1, Study.runs(csv).size());
        Study.dropTornLine(csv);  // a whole file is left alone
        assertEquals(Study.HEADER + "\n" + ROW, Files.readString(csv));
    }

    @Test
    void aBrokenRowIsNamedWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("runs.csv");
        Files.writeString(csv, Study.HEADER + "\n" + ROW + "4,1,13\n" + ROW);
        assertRefused(IllegalArgumentException.class, () -> Study.runs(csv),
                "runs.csv: line 3 has 3 fields, not the header's " + Study.HEADER.split(",").length + ";");
        Files.writeString(csv, Study.HEADER + "\n" + ROW + "\"open quote,1\n");
        assertRefused(IllegalArgumentException.class, () -> Study.runs(csv), "runs.csv is not a runs.csv of this study",
                "--out");
    }
}
