package dev.paritygate.rules;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks across the files of a rules directory for {@link RuleLoader#loadEach}: each problem is
 * recorded against every file it concerns instead of failing the directory, with the wording {@link
 * RuleSet}'s checks use.
 */
final class CrossFileChecks {
    private final List<LoadedRule> rules;
    private final Collection<InvalidRuleFile> invalidFiles;
    private final Path defaultsFile;
    private final Map<LoadedRule, List<ParityException>> problems = new LinkedHashMap<>();

    /**
     * @param rules the rules of the files that are valid on their own, in file order
     * @param invalidFiles the files that are not; their readable pipeline names count as taken
     * @param defaultsFile where inherited views come from, for messages
     */
    CrossFileChecks(List<LoadedRule> rules, Collection<InvalidRuleFile> invalidFiles, Path defaultsFile) {
        this.rules = List.copyOf(rules);
        this.invalidFiles = List.copyOf(invalidFiles);
        this.defaultsFile = defaultsFile;
    }

    /** The files these checks found invalid, each with all of its problems in line order. */
    List<InvalidRuleFile> invalid() {
        List<InvalidRuleFile> out = new ArrayList<>();
        problems.forEach((rule, list) -> out.add(new InvalidRuleFile(
                rule.origin().file(),
                Optional.of(rule.pipeline()),
                ParityErrors.invalidRuleFile(
                        rule.origin().file().toString(),
                        list.stream().sorted(RuleLoader.FILE_ORDER).toList(),
                        RuleLoader.MAX_ERRORS_PER_FILE))));
        return out;
    }

    /** A pipeline name two files give: which of them is meant is unknown, so none is used. */
    void uniquePipelines() {
        for (LoadedRule rule : rules) {
            Optional<String> other = rules.stream()
                    .filter(r -> r != rule && r.pipeline().equals(rule.pipeline()))
                    .map(r -> r.origin().locate("pipeline"))
                    .findFirst()
                    .or(() -> invalidFiles.stream()
                            .filter(f -> f.pipeline().equals(Optional.of(rule.pipeline())))
                            .map(f -> f.file() + ", an invalid file,")
                            .findFirst());
            other.ifPresent(where -> add(
                    rule,
                    rule.origin()
                            .invalidRule(
                                    "pipeline",
                                    "pipeline '" + rule.pipeline() + "' is also defined at " + where,
                                    "Give each pipeline a unique name, or delete one of the two files")));
        }
    }

    /**
     * An upstream that names no pipeline. Skipped while a file's pipeline cannot be read: the
     * upstream may name it, and a downstream is compared whatever the state of its upstream.
     */
    void knownUpstreams() {
        if (invalidFiles.stream().anyMatch(f -> f.pipeline().isEmpty())) {
            return;
        }
        List<String> taken =
                new ArrayList<>(rules.stream().map(LoadedRule::pipeline).toList());
        invalidFiles.forEach(f -> f.pipeline().ifPresent(taken::add));
        List<String> names = taken.stream().distinct().sorted().toList();
        for (LoadedRule rule : rules) {
            List<String> upstream = rule.rule().upstream();
            for (int i = 0; i < upstream.size(); i++) {
                if (!names.contains(upstream.get(i))) {
                    add(
                            rule,
                            rule.origin()
                                    .invalidRule(
                                            "upstream[" + i + "]",
                                            "upstream '" + upstream.get(i)
                                                    + "' names no pipeline of this rules directory",
                                            Suggestions.didYouMean(upstream.get(i), names) + "Pipelines: "
                                                    + String.join(", ", names)));
                }
            }
        }
    }

    /** A view two rules route: routing either pipeline would move the other's readers. */
    void uniqueViews() {
        Map<String, List<Claim>> claims = new LinkedHashMap<>();
        for (LoadedRule rule : rules) {
            List<GatePolicy.ViewSpec> views = rule.rule().gate().views();
            for (int i = 0; i < views.size(); i++) {
                claims.computeIfAbsent(views.get(i).name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(new Claim(rule, i));
            }
        }
        for (List<Claim> claimants : claims.values()) {
            for (Claim c : claimants) {
                claimants.stream().filter(o -> o.rule() != c.rule()).findFirst().ifPresent(o -> {
                    String name = c.rule().rule().gate().views().get(c.index()).name();
                    boolean inherited = c.rule().origin().line("gate.views").isEmpty();
                    add(
                            c.rule(),
                            c.rule()
                                    .origin()
                                    .invalidRule(
                                            "gate.views[" + c.index() + "].name",
                                            "view '" + name + "'"
                                                    + (inherited ? " (inherited from " + defaultsFile + ")" : "")
                                                    + " is also routed by pipeline "
                                                    + o.rule().pipeline()
                                                    + viewOrigin(o),
                                            "'parity route' re-points a pipeline's views and must not move another"
                                                    + " pipeline's readers: give each pipeline's output its own view"));
                });
            }
        }
    }

    /** A rule on an upstream cycle among the rules still valid; the others stay valid. */
    void noCycles() {
        List<LoadedRule> valid =
                rules.stream().filter(r -> !problems.containsKey(r)).toList();
        Map<String, LoadedRule> byName = new HashMap<>();
        valid.forEach(r -> byName.putIfAbsent(r.pipeline(), r));
        for (LoadedRule rule : valid) {
            List<String> cycle = cycleThrough(rule, byName);
            if (!cycle.isEmpty()) {
                add(
                        rule,
                        rule.origin()
                                .invalidRule(
                                        "upstream[" + rule.rule().upstream().indexOf(cycle.get(1)) + "]",
                                        "upstream cycle " + String.join(" -> ", cycle),
                                        "A pipeline cannot depend on itself, directly or through others; remove one"
                                                + " of these upstream entries"));
            }
        }
    }

    /** The shortest upstream path from {@code rule} back to itself, both ends named; empty when none. */
    private static List<String> cycleThrough(LoadedRule rule, Map<String, LoadedRule> byName) {
        Map<String, String> reachedFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(rule.pipeline());
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String up : byName.get(at).rule().upstream()) {
                if (!byName.containsKey(up) || reachedFrom.containsKey(up)) {
                    continue;
                }
                reachedFrom.put(up, at);
                if (up.equals(rule.pipeline())) {
                    List<String> path = new ArrayList<>();
                    path.add(up);
                    for (String p = at; !p.equals(rule.pipeline()); p = reachedFrom.get(p)) {
                        path.add(0, p);
                    }
                    path.add(0, rule.pipeline());
                    return path;
                }
                queue.add(up);
            }
        }
        return List.of();
    }

    private String viewOrigin(Claim c) {
        return c.rule().origin().line("gate.views").isPresent()
                ? " at " + c.rule().origin().locate("gate.views[" + c.index() + "].name")
                : " (inherited from " + defaultsFile + ")";
    }

    private void add(LoadedRule rule, ParityException problem) {
        problems.computeIfAbsent(rule, k -> new ArrayList<>()).add(problem);
    }

    /** A rule's view, by its index in the rule's {@code gate.views}. */
    private record Claim(LoadedRule rule, int index) {}
}
