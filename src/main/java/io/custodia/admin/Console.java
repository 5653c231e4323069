package io.custodia.admin;

import java.io.PrintStream;

/** Where a command writes: results on {@code out}, messages and progress on {@code err}. */
record Console(PrintStream out, PrintStream err) {
}
