package io.cnnzoo.reports.markdown;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** GitHub-flavoured Markdown tables (GFM spec, section 4.10: delimiter row, ':' for alignment). */
class MarkdownTableTest {

    @Test
    void rendersHeaderDelimiterRowAndEscapesPipes() {
        String table = new MarkdownTable("model", ">error (%)").row("plain56", "12.5").row("a|b", 1).render();
        assertEquals("| model | error (%) |\n|---|---:|\n| plain56 | 12.5 |\n| a\\|b | 1 |\n", table);
    }

    @Test
    void rowsMustFillEveryColumn() {
        assertThrows(IllegalArgumentException.class, () -> new MarkdownTable("a", "b").row("only one"));
    }
}
