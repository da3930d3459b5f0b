package io.tasker.launcher.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned text columns sized to their widest cell; the last column is not padded, so lines have no trailing blanks. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    /** @param header the first row (column titles, or simply the first data row) */
    Table(String... header) {
        rows.add(header);
    }

    /** Adds a row; {@code null} cells print as "-", line breaks as spaces so one row stays one line. */
    Table row(Object... cells) {
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cells[i] == null ? "-" : cells[i].toString().replaceAll("\\s*\\R\\s*", " ");
        }
        rows.add(row);
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
