package io.custodia.admin;

/** The command line was wrong (unknown option, missing or malformed value): exit code 2 with the usage. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
