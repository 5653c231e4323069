package io.custodia.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds text a Thymeleaf template shows that does not come from messages: text nodes whose element does not
 * replace its body (th:text, th:utext, th:replace, th:insert), and visible attributes (placeholder, title,
 * alt, aria-label, the value of a button-like input) written literally. Only letters count, so a dash, an
 * arrow or a number may be written as they are.
 */
final class TemplateText {

    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern DOCTYPE = Pattern.compile("<![^>]*>");
    private static final Pattern TAG = Pattern.compile(
            "<(/?)([A-Za-z][\\w:.\\-]*)((?:\\s+[^\\s=>/]+(?:\\s*=\\s*(?:\"[^\"]*\"|'[^']*'|[^\\s'\">]+))?)*)\\s*(/?)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([^\\s=>/]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s'\">]+))?");
    private static final Pattern INLINE_EXPRESSION = Pattern.compile("\\[\\[.*?]]|\\[\\(.*?\\)]", Pattern.DOTALL);
    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link",
            "meta", "source", "track", "wbr");
    private static final Set<String> RAW_TEXT = Set.of("script", "style");
    private static final Set<String> BODY_REPLACING = Set.of("th:text", "th:utext", "th:replace", "th:insert",
            "data-th-text", "data-th-utext", "data-th-replace", "data-th-insert");
    private static final Set<String> VISIBLE_ATTRIBUTES = Set.of("placeholder", "title", "alt", "aria-label");
    private static final Set<String> BUTTON_INPUTS = Set.of("submit", "button", "reset");

    private TemplateText() {
    }

    /** Each hard-coded text as {@code line N: text}. */
    static List<String> hardCoded(String template) {
        String source = blankOut(blankOut(template, COMMENT), DOCTYPE);
        List<String> found = new ArrayList<>();
        Deque<Element> open = new ArrayDeque<>();
        Matcher tag = TAG.matcher(source);
        int textStart = 0;
        while (tag.find()) {
            checkText(source, textStart, tag.start(), open, found);
            textStart = tag.end();
            String name = tag.group(2).toLowerCase(Locale.ROOT);
            if (!tag.group(1).isEmpty()) {
                close(open, name);
                continue;
            }
            Map<String, String> attributes = attributes(tag.group(3));
            checkAttributes(name, attributes, lineOf(source, tag.start()), found);
            if (!VOID.contains(name) && tag.group(4).isEmpty()) {
                boolean replaced = attributes.keySet().stream().anyMatch(BODY_REPLACING::contains);
                open.push(new Element(name, replaced));
            }
        }
        checkText(source, textStart, source.length(), open, found);
        return found;
    }

    private record Element(String name, boolean bodyReplaced) {
    }

    private static void checkText(String source, int from, int to, Deque<Element> open, List<String> found) {
        if (from >= to) return;
        if (open.stream().anyMatch(e -> e.bodyReplaced() || RAW_TEXT.contains(e.name()))) return;
        String text = INLINE_EXPRESSION.matcher(source.substring(from, to)).replaceAll("").strip();
        if (LETTER.matcher(text).find()) {
            found.add("line " + lineOf(source, from + source.substring(from, to).indexOf(text.charAt(0))) + ": "
                    + text.replaceAll("\\s+", " "));
        }
    }

    private static void checkAttributes(String element, Map<String, String> attributes, int line, List<String> found) {
        for (var attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            boolean visible = VISIBLE_ATTRIBUTES.contains(name) || (name.equals("value") && element.equals("input")
                    && BUTTON_INPUTS.contains(attributes.getOrDefault("type", "").toLowerCase(Locale.ROOT)));
            // th:placeholder and friends replace the literal, so a literal beside them is never shown.
            boolean overridden = attributes.containsKey("th:" + name) || attributes.containsKey("th:attr");
            if (visible && !overridden && LETTER.matcher(attribute.getValue()).find()) {
                found.add("line " + line + ": " + name + "=\"" + attribute.getValue() + "\"");
            }
        }
    }

    private static void close(Deque<Element> open, String name) {
        if (open.stream().noneMatch(e -> e.name().equals(name))) return;
        while (!open.isEmpty() && !open.pop().name().equals(name)) {
            // Elements left open (such as <p> closed implicitly) end with their parent.
        }
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(text);
        while (m.find()) {
            String value = m.group(2) == null ? "" : m.group(2);
            if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            attributes.put(m.group(1).toLowerCase(Locale.ROOT), value);
        }
        return attributes;
    }

    /** Replaces what a pattern matches by as many line breaks as it held, so line numbers stay right. */
    private static String blankOut(String text, Pattern pattern) {
        return pattern.matcher(text).replaceAll(r -> "\n".repeat((int) r.group().chars().filter(c -> c == '\n').count()));
    }

    private static int lineOf(String text, int index) {
        return (int) text.substring(0, Math.max(0, index)).chars().filter(c -> c == '\n').count() + 1;
    }
}
