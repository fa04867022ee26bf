package dev.paritygate.rules;

/**
 * The project-wide defaults of a rules directory ({@code _defaults.yaml}).
 *
 * @param gate gate policy keys every rule inherits unless it writes them itself
 */
public record ProjectDefaults(GatePolicy gate) {
    /** No defaults file: every rule keeps the built-in defaults. */
    public static final ProjectDefaults NONE = new ProjectDefaults(null);

    /** The rule with each gate key it did not write taken from these defaults. */
    LoadedRule applyTo(LoadedRule loaded) {
        if (gate == null) {
            return loaded;
        }
        RuleOrigin o = loaded.origin();
        GatePolicy own = loaded.rule().gate();
        GatePolicy merged = new GatePolicy(
                written(o, "required_streak") ? own.requiredStreak() : gate.requiredStreak(),
                written(o, "business_days") ? own.businessDays() : gate.businessDays(),
                written(o, "change_windows") ? own.changeWindows() : gate.changeWindows(),
                written(o, "views") ? own.views() : gate.views(),
                written(o, "waiver_expiry_days") ? own.waiverExpiryDays() : gate.waiverExpiryDays(),
                written(o, "time_zone") ? own.timeZone() : gate.timeZone());
        return new LoadedRule(loaded.rule().withGate(merged), o);
    }

    private static boolean written(RuleOrigin origin, String key) {
        return origin.line("gate." + key).isPresent();
    }
}
