package io.custodia.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the end-to-end benchmark runs against and how long. The database comes from
 * {@code CUSTODIA_BENCH_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}), user
 * {@code CUSTODIA_BENCH_USER} (default {@code postgres}), password {@code CUSTODIA_BENCH_PASSWORD}.
 */
record Settings(String url, String user, String password, String schema, int persons, int batch, int importRounds,
        int rounds, int lookupsPerRound, int readsPerRound, int appendsPerRound, long seed, boolean keep, Path results,
        String sections) {

    /** Every section, a to h. */
    static final String ALL_SECTIONS = "abcdefgh";

    /** Whether section {@code letter} runs; the import (a) also runs whenever a section uses what it stores (b, c, e, h). */
    boolean runs(char letter) {
        if (letter == 'a') return sections.indexOf('a') >= 0 || sections.indexOf('b') >= 0 || sections.indexOf('c') >= 0
                || sections.indexOf('e') >= 0 || sections.indexOf('h') >= 0;
        return sections.indexOf(letter) >= 0;
    }

    static final String USAGE = """
            Usage: EndToEndBenchmark [--persons N] [--batch N] [--rounds N] [--lookups N] [--reads N] [--appends N]
                                     [--seed N] [--schema NAME] [--keep] [--results FILE] [--sections LETTERS]
              --persons N   persons stored before the lookups and reads (default 1000000)
              --batch N     persons per PersonService.createAll call and per baseline batch (default 1000)
              --rounds N    measured rounds of each operation, after one warm-up round (default 5)
              --lookups N   email lookups per round and per side (default 2000)
              --reads N     person reads per round and per side (default 5000)
              --appends N   audit entries appended per round and per side by 16 writers (default 32000)
              --seed N      data generator seed (default 2026)
              --schema NAME PostgreSQL schema, created fresh and dropped at the end (default bench)
              --keep        keep the schema at the end (for inspection)
              --results F   also write the results table, as Markdown, to F
              --sections L  only these sections, e.g. "d" or "cde" (default abcdefgh; b, c, e and h import first)
            Database: CUSTODIA_BENCH_URL (default jdbc:postgresql://127.0.0.1:5432/test), CUSTODIA_BENCH_USER
            (default postgres), CUSTODIA_BENCH_PASSWORD (default empty).""";

    static Settings parse(String[] args, Map<String, String> env) {
        String url = env.getOrDefault("CUSTODIA_BENCH_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = env.getOrDefault("CUSTODIA_BENCH_USER", "postgres");
        String password = env.getOrDefault("CUSTODIA_BENCH_PASSWORD", "");
        String schema = "bench";
        int persons = 1_000_000, batch = 1_000, rounds = 5, lookups = 2_000, reads = 5_000, appends = 32_000;
        long seed = 2026;
        boolean keep = false;
        Path results = null;
        String sections = ALL_SECTIONS;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--keep" -> keep = true;
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (rest.isEmpty()) throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
                    String value = rest.remove(0);
                    switch (option) {
                        case "--persons" -> persons = positive(option, value);
                        case "--batch" -> batch = positive(option, value);
                        case "--rounds" -> rounds = positive(option, value);
                        case "--lookups" -> lookups = positive(option, value);
                        case "--reads" -> reads = positive(option, value);
                        case "--appends" -> appends = positive(option, value);
                        case "--seed" -> seed = Long.parseLong(value);
                        case "--schema" -> {
                            if (!value.matches("[a-z_][a-z0-9_]{0,40}")) throw new IllegalArgumentException("--schema must be a plain lowercase name");
                            schema = value;
                        }
                        case "--results" -> results = Path.of(value);
                        case "--sections" -> {
                            if (!value.matches("[a-h]+")) throw new IllegalArgumentException("--sections takes letters from a to h, e.g. cde");
                            sections = value;
                        }
                        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
                    }
                }
            }
        }
        if (persons < batch) throw new IllegalArgumentException("--persons must be at least --batch (" + batch + ")");
        return new Settings(url, user, password, schema, persons, batch, 10, rounds, lookups, reads, appends, seed, keep, results,
                sections);
    }

    /** The application's URL: the bench schema, and batched inserts rewritten into multi-row ones (both sides use it). */
    String applicationUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&reWriteBatchedInserts=true";
    }

    private static int positive(String option, String value) {
        int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
        if (n <= 0) throw new IllegalArgumentException(option + " must be positive");
        return n;
    }
}
