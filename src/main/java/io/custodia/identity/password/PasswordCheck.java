package io.custodia.identity.password;

import java.util.List;
import java.util.Objects;

/**
 * What {@link PasswordPolicy#check} found: the password is accepted when there is no problem.
 *
 * @param problems every rule the candidate breaks, in the order of {@link Problem}, each at most once
 */
public record PasswordCheck(List<Problem> problems) {

    public PasswordCheck {
        problems = List.copyOf(Objects.requireNonNull(problems, "problems must not be null"));
    }

    public boolean accepted() {
        return problems.isEmpty();
    }

    /**
     * A rule a new password breaks. The UI shows the message under {@link #messageKey()} from
     * {@code identity/password-messages*.properties}, formatted with {@link #messageArguments()}.
     */
    public enum Problem {
        /** ASVS 5.0 V6.2.1 asks for 8 characters and strongly recommends 15; Custodia asks for 12. */
        TOO_SHORT("password.too-short", PasswordPolicy.MIN_LENGTH),
        /** ASVS 5.0 V6.2.9 requires at least 64 to be allowed; the cap bounds the work of hashing. */
        TOO_LONG("password.too-long", PasswordPolicy.MAX_LENGTH),
        /** ASVS 5.0 V6.2.4 and V6.2.12, NIST SP 800-63B section 3.1.1.2: common and breached passwords. */
        COMMON_PASSWORD("password.common-password"),
        /** NIST SP 800-63B section 3.1.1.2 lists context-specific words such as the username. */
        CONTAINS_USERNAME("password.contains-username"),
        /** ASVS 5.0 V6.1.2 and V6.2.11: the documented context-specific words start with the product name. */
        CONTAINS_PRODUCT_NAME("password.contains-product-name");

        private final String messageKey;
        private final Object[] messageArguments;

        Problem(String messageKey, Object... messageArguments) {
            this.messageKey = messageKey;
            this.messageArguments = messageArguments;
        }

        public String messageKey() {
            return messageKey;
        }

        /** The values for the {0} placeholders of the message; a new array on each call. */
        public Object[] messageArguments() {
            return messageArguments.clone();
        }
    }
}
