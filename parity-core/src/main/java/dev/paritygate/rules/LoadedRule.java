package dev.paritygate.rules;

import java.util.Objects;

/**
 * A rule together with where it was written.
 *
 * @param rule the effective rule, every default filled in
 * @param origin the file and the line of each key, for error messages
 */
public record LoadedRule(Rule rule, RuleOrigin origin) {
    public LoadedRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(origin, "origin");
    }

    /** The rule's pipeline name. */
    public String pipeline() {
        return rule.pipeline();
    }
}
