package org.spex4j.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The input of {@code spex explain}: --text, --file, or --csv with --column and --row. */
final class InputText {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--column", paramLabel = "NAME", description = "CSV column (with --csv)")
    String column;

    @Option(names = "--row", paramLabel = "I", description = "CSV data row, 0-based (with --csv)")
    Integer row;

    static final class Source {
        @Option(names = "--text", paramLabel = "TEXT", description = "the input text")
        String text;

        @Option(names = "--file", paramLabel = "PATH", description = "a UTF-8 text file")
        Path file;

        @Option(names = "--csv", paramLabel = "PATH", description = "a CSV file with a header row")
        Path csv;
    }

    String read() {
        if (source.csv == null && (column != null || row != null)) {
            throw new UsageException((column != null ? "--column" : "--row") + " goes with --csv only; remove it, or"
                    + " give --csv PATH instead of " + (source.text != null ? "--text" : "--file"));
        }
        if (source.text != null) {
            return source.text;
        }
        if (source.file != null) {
            try {
                return Files.readString(source.file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new UsageException("cannot read " + source.file + ": no such file");
            } catch (IOException e) {
                throw new UsageException("cannot read " + source.file + ": " + reason(e));
            }
        }
        if (column == null || row == null) {
            throw new UsageException("--csv needs --column NAME and --row I");
        }
        return readCsv(source.csv, column, row);
    }

    static String readCsv(Path path, String column, int row) {
        if (row < 0) {
            throw new UsageException("--row must be >= 0, got " + row);
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            if (!p.getHeaderMap().containsKey(column)) {
                throw new UsageException(path + " has no column '" + column + "'; columns: " + p.getHeaderNames());
            }
            List<CSVRecord> records = p.getRecords();
            if (row >= records.size()) {
                throw new UsageException(path + " has " + records.size() + " data rows; --row must be in 0.."
                        + (records.size() - 1));
            }
            CSVRecord record = records.get(row);
            if (!record.isSet(column)) {  // a short row: Commons CSV's own message names its internals
                throw new UsageException(path + ": data row " + row + " has " + record.size() + " fields and no '"
                        + column + "' (column " + (p.getHeaderMap().get(column) + 1) + ")");
            }
            return record.get(column);
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read " + path + ": no such file");
        } catch (IOException e) {
            throw new UsageException("cannot read " + path + " as CSV: " + reason(e));
        } catch (java.io.UncheckedIOException e) {
            throw new UsageException("cannot read " + path + " as CSV: " + reason(e.getCause()));
        }
    }

    /** Why a text file cannot be read, in the user's terms ("Input length = 1" means a byte that is not UTF-8). */
    static String reason(IOException e) {
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "it is not UTF-8 text (a byte sequence is not valid UTF-8)";
        }
        Throwable cause = e.getCause();
        if (cause instanceof java.nio.charset.CharacterCodingException c) {
            return reason(c);
        }
        return e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
    }
}
