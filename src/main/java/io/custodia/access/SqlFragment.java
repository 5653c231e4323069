package io.custodia.access;

import java.util.Map;

/**
 * A piece of SQL a module lends another so that it can count over tables it does not own (an audience),
 * with its named parameters. The owner writes the SQL; the borrower only places it.
 */
public record SqlFragment(String sql, Map<String, Object> params) {

    public SqlFragment {
        params = Map.copyOf(params);
    }

    public static SqlFragment of(String sql) {
        return new SqlFragment(sql, Map.of());
    }
}
