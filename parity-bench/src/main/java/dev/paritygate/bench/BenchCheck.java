package dev.paritygate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks that the job's counts equal the manifest of injected differences: a fast wrong answer is
 * a failure. Prints {@code counts OK} or each mismatch, and exits 1 on any mismatch.
 *
 * <p>Usage: {@code BenchCheck MANIFEST_JSON SUMMARY_JSON}
 */
public final class BenchCheck {
    private BenchCheck() {}

    public static void main(String[] args) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode manifest = mapper.readTree(new File(args[0]));
        JsonNode summary = mapper.readTree(new File(args[1]));
        List<String> problems = new ArrayList<>();
        Map<String, String> expected = Map.of(
                "key_diff/rows_only_in_left", "rows_only_in_left",
                "key_diff/rows_only_in_right", "rows_only_in_right",
                "key_diff/rows_mismatched", "rows_mismatched",
                "key_diff/duplicate_keys_right", "duplicate_keys_right",
                "key_diff/duplicate_keys_differing", "duplicate_keys_differing");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String[] cm = e.getKey().split("/");
            // Data generated before the manifest had duplicate_keys_differing: every duplicated key
            // there is once on legacy, so it is the duplicate_keys_right count.
            JsonNode count =
                    manifest.has(e.getValue()) ? manifest.get(e.getValue()) : manifest.get("duplicate_keys_right");
            check(problems, summary, cm[0], cm[1], count.asLong());
        }
        manifest.get("column_mismatches")
                .fields()
                .forEachRemaining(c -> check(
                        problems,
                        summary,
                        "column:" + c.getKey(),
                        "mismatches",
                        c.getValue().asLong()));
        if (problems.isEmpty()) {
            System.out.println("counts OK");
        } else {
            problems.forEach(System.out::println);
            System.exit(1);
        }
    }

    private static void check(List<String> problems, JsonNode summary, String check, String metric, long expected) {
        for (JsonNode v : summary.get("pipelines").get(0).get("verdicts")) {
            if (v.get("check_name").asText().equals(check)
                    && v.get("scope").asText().equals("*")
                    && v.get("metric").asText().equals(metric)) {
                long actual = Math.round(v.get("difference").asDouble());
                if (actual != expected) {
                    problems.add("MISMATCH " + check + " " + metric + ": job " + actual + ", manifest " + expected);
                }
                return;
            }
        }
        problems.add("MISSING " + check + " " + metric);
    }
}
