package org.spex4j.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.function.Executable;

/**
 * Asserts that a call refuses its input for the expected reason: with an exception of the expected type whose message
 * names why (the bound broken, the offending value, the parameter's name). A bare {@code assertThrows} passes when the
 * code refuses the input for another reason, or with a message that does not help the caller; these assertions fail
 * then, and show the actual message.
 */
public final class Refusals {
    private Refusals() {
    }

    /**
     * Runs {@code call}, asserts that it throws {@code type} (or a subtype) and that its message contains each of
     * {@code fragments}; returns the exception for further checks.
     *
     * @param type the exception type expected
     * @param call the call that must refuse its input
     * @param fragments at least one; each must occur in the message (case-sensitive)
     * @return the exception thrown
     */
    public static <T extends Throwable> T assertRefused(Class<T> type, Executable call, String... fragments) {
        if (fragments.length == 0) {
            throw new IllegalArgumentException("assertRefused needs at least one fragment of the expected message");
        }
        T thrown = assertThrows(type, call);
        String message = thrown.getMessage();
        if (message == null) {
            fail(thrown.getClass().getSimpleName() + " without a message; expected one containing "
                    + quoted(fragments), thrown);
        }
        for (String fragment : fragments) {
            if (!message.contains(fragment)) {
                fail("the message of " + thrown.getClass().getSimpleName() + " lacks \"" + fragment + "\"; it is: \""
                        + message + "\"", thrown);
            }
        }
        return thrown;
    }

    private static String quoted(String... fragments) {
        StringBuilder s = new StringBuilder();
        for (String f : fragments) {
            s.append(s.length() == 0 ? "\"" : ", \"").append(f).append('"');
        }
        return s.toString();
    }
}
