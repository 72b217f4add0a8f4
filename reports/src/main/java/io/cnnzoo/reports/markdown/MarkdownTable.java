package io.cnnzoo.reports.markdown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A GitHub-flavoured Markdown table; columns whose header starts with '>' are right-aligned. */
public final class MarkdownTable {

    private final List<String> headers = new ArrayList<>();
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(String... headers) {
        rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rightAligned[i] = headers[i].startsWith(">");
            this.headers.add(rightAligned[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    public MarkdownTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, the table " + headers.size()
                    + " columns: " + Arrays.toString(cells));
        }
        rows.add(Arrays.stream(cells).map(c -> String.valueOf(c).replace("|", "\\|")).toList());
        return this;
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        for (boolean right : rightAligned) {
            sb.append(right ? "---:|" : "---|");
        }
        sb.append('\n');
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.toString();
    }
}
