package dev.paritygate.rules;

import dev.paritygate.ParityErrors;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The logical business date of a run ({@code --run-date}) and its placeholder {@value
 * #PLACEHOLDER}, which paths, filters, queries, tables and {@code where} may contain so each night
 * compares only that date's output.
 */
public final class RunDate {
    /** The only placeholder of rules files, replaced by the run date as {@code YYYY-MM-DD}. */
    public static final String PLACEHOLDER = "${run_date}";

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private RunDate() {}

    /**
     * Parses a run date written as {@code YYYY-MM-DD}.
     *
     * @throws dev.paritygate.ParityException (USAGE) for any other text or an impossible date
     */
    public static LocalDate parse(String text) {
        return parse(text, "--run-date");
    }

    /**
     * Parses a date written as {@code YYYY-MM-DD} and given as {@code option} ({@code --as-of},
     * {@code --expires}), which the error names.
     *
     * @throws dev.paritygate.ParityException (USAGE) for any other text or an impossible date
     */
    public static LocalDate parse(String text, String option) {
        if (text != null && ISO_DATE.matcher(text.strip()).matches()) {
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                // An impossible date such as 2026-02-30: reported below like any other bad text.
            }
        }
        throw ParityErrors.invalidArgument(option, text, "expected YYYY-MM-DD, for example 2026-11-20");
    }

    /**
     * Replaces every {@value #PLACEHOLDER} in {@code template}. A null template stays null; a
     * template without the placeholder is returned unchanged, whatever {@code runDate} is.
     *
     * @throws dev.paritygate.ParityException (USAGE) when the template needs a date and {@code
     *     runDate} is null
     */
    public static String substitute(String template, LocalDate runDate) {
        if (template == null || !template.contains(PLACEHOLDER)) {
            return template;
        }
        if (runDate == null) {
            throw ParityErrors.missingRunDate(template);
        }
        return template.replace(PLACEHOLDER, runDate.toString());
    }
}
