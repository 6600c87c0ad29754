package org.spex4j.cli;

/** A user mistake (bad option, unreadable or malformed input): reported in one line with exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
