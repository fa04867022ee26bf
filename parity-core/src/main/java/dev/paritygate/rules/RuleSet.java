package dev.paritygate.rules;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The rules of a run: one per pipeline, in file-name order. Pipeline names are unique and the
 * {@code upstream} graph has no cycle; both are checked on construction.
 *
 * @param rules the loaded rules, in the order their files sort
 */
public record RuleSet(List<LoadedRule> rules) {

    public RuleSet {
        rules = List.copyOf(rules);
        requireUniquePipelines(rules);
        requireNoCycles(rules);
    }

    /** The rule of a pipeline, if the set has one. */
    public Optional<LoadedRule> find(String pipeline) {
        return rules.stream().filter(r -> r.pipeline().equals(pipeline)).findFirst();
    }

    /**
     * The rule of a pipeline.
     *
     * @throws dev.paritygate.ParityException (USAGE) naming the closest pipeline when there is none
     */
    public LoadedRule get(String pipeline) {
        return find(pipeline)
                .orElseThrow(() -> ParityErrors.invalidArgument(
                        "pipeline",
                        pipeline,
                        "no rule names it. " + Suggestions.didYouMean(pipeline, pipelines()) + "Pipelines: "
                                + String.join(", ", pipelines())));
    }

    /** Pipeline names in file order. */
    public List<String> pipelines() {
        return rules.stream().map(LoadedRule::pipeline).toList();
    }

    /**
     * The rules ordered so that every pipeline comes after its upstream pipelines; pipelines that do
     * not depend on each other keep file order. Upstream names outside this set are ignored.
     */
    public List<LoadedRule> topologicalOrder() {
        Map<String, Integer> index = indexByPipeline(rules);
        int[] waitingFor = new int[rules.size()];
        List<List<Integer>> downstream = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            downstream.add(new ArrayList<>());
        }
        for (int i = 0; i < rules.size(); i++) {
            for (String up : rules.get(i).rule().upstream()) {
                Integer u = index.get(up);
                if (u != null) {
                    downstream.get(u).add(i);
                    waitingFor[i]++;
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < rules.size(); i++) {
            if (waitingFor[i] == 0) {
                ready.add(i);
            }
        }
        List<LoadedRule> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            int next = ready.poll();
            ordered.add(rules.get(next));
            for (int d : downstream.get(next)) {
                if (--waitingFor[d] == 0) {
                    ready.add(d);
                }
            }
        }
        if (ordered.size() != rules.size()) {
            throw new IllegalStateException("Upstream cycle survived validation in " + pipelines());
        }
        return ordered;
    }

    static void requireUniquePipelines(List<LoadedRule> rules) {
        Map<String, LoadedRule> seen = new HashMap<>();
        for (LoadedRule rule : rules) {
            LoadedRule first = seen.putIfAbsent(rule.pipeline(), rule);
            if (first != null) {
                throw rule.origin()
                        .invalidRule(
                                "pipeline",
                                "pipeline '" + rule.pipeline() + "' is also defined at "
                                        + first.origin().locate("pipeline"),
                                "Give each pipeline a unique name, or delete one of the two files");
            }
        }
    }

    static void requireKnownUpstreams(List<LoadedRule> rules) {
        Map<String, Integer> index = indexByPipeline(rules);
        for (LoadedRule rule : rules) {
            List<String> upstream = rule.rule().upstream();
            for (int i = 0; i < upstream.size(); i++) {
                if (!index.containsKey(upstream.get(i))) {
                    List<String> names = new ArrayList<>(index.keySet());
                    names.sort(null);
                    throw rule.origin()
                            .invalidRule(
                                    "upstream[" + i + "]",
                                    "upstream '" + upstream.get(i) + "' names no pipeline of this rules directory",
                                    Suggestions.didYouMean(upstream.get(i), names) + "Pipelines: "
                                            + String.join(", ", names));
                }
            }
        }
    }

    /**
     * Refuses a view that two pipelines list (in their own {@code gate.views} or inherited from the
     * defaults file): {@code parity route} re-points every view of the pipeline it moves, so a shared
     * view would move the other pipeline's readers too. Names compare case-insensitively, as Spark's
     * catalog does.
     */
    static void requireUniqueViews(List<LoadedRule> rules, Path defaultsFile) {
        Map<String, String> claimedBy = new HashMap<>();
        for (LoadedRule rule : rules) {
            List<GatePolicy.ViewSpec> views = rule.rule().gate().views();
            for (int i = 0; i < views.size(); i++) {
                String name = views.get(i).name();
                String where = "pipeline " + rule.pipeline() + viewOrigin(rule, i, defaultsFile);
                String first = claimedBy.putIfAbsent(name.toLowerCase(Locale.ROOT), where);
                if (first != null) {
                    boolean inherited = rule.origin().line("gate.views").isEmpty();
                    throw rule.origin()
                            .invalidRule(
                                    "gate.views[" + i + "].name",
                                    "view '" + name + "'" + (inherited ? " (inherited from " + defaultsFile + ")" : "")
                                            + " is also routed by " + first,
                                    "'parity route' re-points a pipeline's views and must not move another pipeline's"
                                            + " readers: give each pipeline's output its own view");
                }
            }
        }
    }

    private static String viewOrigin(LoadedRule rule, int index, Path defaultsFile) {
        return rule.origin().line("gate.views").isPresent()
                ? " at " + rule.origin().locate("gate.views[" + index + "].name")
                : " (inherited from " + defaultsFile + ")";
    }

    private static void requireNoCycles(List<LoadedRule> rules) {
        Map<String, Integer> index = indexByPipeline(rules);
        // 0 = not visited, 1 = on the current path, 2 = done.
        int[] state = new int[rules.size()];
        for (int start = 0; start < rules.size(); start++) {
            if (state[start] == 0) {
                Deque<Integer> path = new ArrayDeque<>();
                visit(start, rules, index, state, path);
            }
        }
    }

    private static void visit(
            int node, List<LoadedRule> rules, Map<String, Integer> index, int[] state, Deque<Integer> path) {
        state[node] = 1;
        path.addLast(node);
        for (String up : rules.get(node).rule().upstream()) {
            Integer next = index.get(up);
            if (next == null || state[next] == 2) {
                continue;
            }
            if (state[next] == 1) {
                throw cycle(rules, new ArrayList<>(path), next);
            }
            visit(next, rules, index, state, path);
        }
        path.removeLast();
        state[node] = 2;
    }

    private static ParityException cycle(List<LoadedRule> rules, List<Integer> path, int repeated) {
        List<Integer> members = new ArrayList<>(path.subList(path.indexOf(repeated), path.size()));
        // Start the cycle at the member whose file sorts first, so the message is stable.
        int lowest = members.indexOf(members.stream().min(Integer::compare).orElseThrow());
        List<Integer> cycle = new ArrayList<>(members.subList(lowest, members.size()));
        cycle.addAll(members.subList(0, lowest));
        List<String> names =
                new ArrayList<>(cycle.stream().map(i -> rules.get(i).pipeline()).toList());
        LoadedRule first = rules.get(cycle.get(0));
        String second = names.size() > 1 ? names.get(1) : names.get(0);
        names.add(names.get(0));
        return first.origin()
                .invalidRule(
                        "upstream[" + first.rule().upstream().indexOf(second) + "]",
                        "upstream cycle " + String.join(" -> ", names),
                        "A pipeline cannot depend on itself, directly or through others; remove one of these"
                                + " upstream entries");
    }

    private static Map<String, Integer> indexByPipeline(List<LoadedRule> rules) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            index.putIfAbsent(rules.get(i).pipeline(), i);
        }
        return index;
    }
}
