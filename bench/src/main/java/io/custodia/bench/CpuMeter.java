package io.custodia.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the time goes: CPU used by this JVM (all its threads: the work itself, JIT, GC) and by the
 * PostgreSQL server processes (read from /proc on Linux; every postgres process is counted, so other
 * clients of the same server add to it), accumulated over the measured calls of one side.
 */
final class CpuMeter {

    /** Linux clock ticks per second (USER_HZ), the unit of utime and stime in /proc/[pid]/stat. */
    private static final long TICKS_PER_SECOND = 100;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long jvmNanos;
    private long postgresNanos;
    private long operations;

    /** A reading taken before some calls; {@link #add} takes the one after. */
    record Reading(long jvm, long postgres) {
    }

    static Reading now() {
        return new Reading(OS.getProcessCpuTime(), postgresCpuNanos());
    }

    void add(Reading before, long operations) {
        Reading after = now();
        jvmNanos += after.jvm() - before.jvm();
        postgresNanos += after.postgres() - before.postgres();
        this.operations += operations;
    }

    /** {@code "JVM 41 µs + PostgreSQL 63 µs"} per operation; one decimal below 10 µs ({@code "JVM 2.4 µs"}). */
    String perOperation() {
        if (operations == 0) return "n/a";
        return "JVM " + micros(jvmNanos / 1e3 / operations) + " + PostgreSQL " + micros(postgresNanos / 1e3 / operations);
    }

    private static String micros(double value) {
        return String.format(value < 10 ? "%.1f µs" : "%.0f µs", value);
    }

    private static long postgresCpuNanos() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(CpuMeter::postgresTicks).sum() * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (Exception e) {
            return 0;
        }
    }

    private static long postgresTicks(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            if (!stat.contains("(postgres)")) return 0;
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            return 0;
        }
    }
}
