package dev.paritygate.job;

/** The {@code spark-submit} entry point: {@code --class dev.paritygate.job.ParityMain}. */
public final class ParityMain {
    private ParityMain() {}

    public static void main(String[] args) {
        int code = ParityCommand.commandLine().execute(args);
        System.out.flush();
        System.err.flush();
        // SparkSubmit would otherwise keep the JVM alive for non-daemon Spark threads.
        System.exit(code);
    }
}
