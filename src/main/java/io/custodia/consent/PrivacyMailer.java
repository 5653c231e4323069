package io.custodia.consent;

import io.custodia.datamap.DataMap;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/**
 * Sends the privacy centre's emails (plain text, in the person's language) through the configured SMTP
 * server ({@code spring.mail.host}, …). Every message names the sender, the controller (CNIL: identify
 * the sender). Without an SMTP server configured, sending is refused with a message saying what to set.
 */
@Service
public class PrivacyMailer {

    private final ObjectProvider<JavaMailSender> sender;
    private final MessageSource messages;
    private final PrivacyProperties properties;
    private final DataMap dataMap;

    PrivacyMailer(ObjectProvider<JavaMailSender> sender, MessageSource messages, PrivacyProperties properties, DataMap dataMap) {
        this.sender = sender;
        this.messages = messages;
        this.properties = properties;
        this.dataMap = dataMap;
    }

    /** A message of the privacy emails' bundle, in this language (e.g. the name of a right). */
    public String message(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    /** The same, with its arguments filled in. */
    public String message(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    /**
     * Says at start-up, loudly, when no SMTP server is configured: the privacy centre's confirmations, its requests'
     * verification links and the answers to requests cannot be emailed until one is.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void warnWithoutMailServer() {
        if (sender.getIfAvailable() == null) {
            org.slf4j.LoggerFactory.getLogger(PrivacyMailer.class).warn("No SMTP server is configured (spring.mail.host): Custodia cannot email"
                    + " anyone. Consent confirmations and requests made on the privacy centre are refused, and requests staff enter are"
                    + " recorded with a note that the person was not told. Set spring.mail.host (and port, username, password).");
        }
    }

    /**
     * Sends the message whose subject and body are {@code key + ".subject"} and {@code key + ".body"}.
     *
     * @throws MailUnavailableException when no SMTP server is configured or it refuses the message
     */
    public void send(String to, Locale locale, String key, Object... args) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) {
            throw new MailUnavailableException("no SMTP server is configured: set spring.mail.host (and port, username, password)", null);
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.mailFrom() != null ? properties.mailFrom() : dataMap.controller().name() + " <" + dataMap.controller().contact() + ">");
        message.setTo(to);
        message.setSubject(messages.getMessage(key + ".subject", args, locale));
        message.setText(messages.getMessage(key + ".body", args, locale) + "\n\n-- \n"
                + messages.getMessage("consent.mail.signature", new Object[] {dataMap.controller().name(), dataMap.controller().address(),
                        dataMap.controller().contact()}, locale));
        try {
            mail.send(message);
        } catch (MailException e) {
            throw new MailUnavailableException("the SMTP server did not take the message; nothing was recorded, try again", e);
        }
    }
}
