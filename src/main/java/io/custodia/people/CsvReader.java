package io.custodia.people;

import java.util.ArrayList;
import java.util.List;

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends; comma or semicolon separated. */
final class CsvReader {

    private CsvReader() {
    }

    /**
     * Parses the whole text into records.
     *
     * @throws InvalidInputException naming the line when a quote is left open
     */
    static List<List<String>> parse(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        char separator = detectSeparator(body);
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        // the field's closing quote was just read: only a separator or a line end may follow
        boolean closed = false;
        int line = 1;
        int quoteStartLine = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < body.length() && body.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                        closed = true;
                    }
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
            } else if (closed && c != separator && c != '\n' && c != '\r') {
                // "a"b or "abc"def: the quote closed the field, so what follows cannot be part of it (RFC 4180 §2.6)
                throw InvalidInputException.of("line " + line, "quote", "a quoted field must end at its closing quote (a quote inside it is"
                        + " written twice: \"\")");
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                quoteStartLine = line;
            } else if (c == separator) {
                closed = false;
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                closed = false;
                if (c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n') i++;
                line++;
                record.add(field.toString());
                field.setLength(0);
                if (!(record.size() == 1 && record.get(0).isEmpty())) records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw InvalidInputException.of("line " + quoteStartLine, "unclosed-quote", "a quoted field opened here is never closed");
        }
        if (!field.isEmpty() || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }

    private static char detectSeparator(String body) {
        int end = body.indexOf('\n');
        String header = end < 0 ? body : body.substring(0, end);
        return header.chars().filter(c -> c == ';').count() > header.chars().filter(c -> c == ',').count() ? ';' : ',';
    }
}
