package io.custodia.web;

import io.custodia.shared.Texts;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every text of every JSON body the API takes, whatever the address and its own rules: no control character (line
 * breaks and tabs aside, which one-line fields refuse on their own), no lone surrogate, no character that turns the
 * direction of the text ({@link Texts#unsafe}). One place, so an address added later cannot forget it: a reason, a
 * user agent or a campaign's text would otherwise be stored, shown and mailed with them. Applies to the values of
 * untyped maps too (Jackson hands them to a custom string deserializer).
 */
final class SafeText extends StringDeserializer {

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
        String value = super.deserialize(p, ctxt);
        if (value == null) return null;
        Texts.Unsafe unsafe = Texts.unsafe(value);
        if (unsafe != null) throw new Refused(p, unsafe);
        return value;
    }

    /** A text refused, with what is wrong and never the text; Jackson adds where it was (the field's path). */
    static final class Refused extends MismatchedInputException {
        private final transient Texts.Unsafe unsafe;

        Refused(JsonParser p, Texts.Unsafe unsafe) {
            super(p, unsafe.message(), String.class);
            this.unsafe = unsafe;
        }

        Texts.Unsafe unsafe() {
            return unsafe;
        }
    }
}
