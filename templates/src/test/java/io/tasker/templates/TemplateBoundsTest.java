package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TemplateBoundsTest {

    private static final String HEADER = "name: order\nnamespace: shop\nversion: 1.0.0\n";

    /** One bounded integer field: where it goes in the YAML and how to read it back. */
    record Field(String path, TemplateLimits.Range range, Function<String, String> yaml,
            Function<TaskTemplate, Long> read) {
        @Override
        public String toString() {
            return path;
        }
    }

    static Stream<Field> integerFields() {
        return Stream.of(
                new Field("lifecycle.max_duration_seconds", TemplateLimits.MAX_DURATION_SECONDS,
                        v -> HEADER + "lifecycle: {max_duration_seconds: " + v + "}\nsteps: [{name: a, handler: h}]\n",
                        t -> t.lifecycle().maxDurationSeconds()),
                new Field("steps[0].timeout_seconds", TemplateLimits.TIMEOUT_SECONDS,
                        v -> step("timeout_seconds: " + v),
                        t -> t.steps().get(0).timeoutSeconds().longValue()),
                new Field("steps[0].retry.max_attempts", TemplateLimits.MAX_ATTEMPTS,
                        v -> step("retry: {max_attempts: " + v + "}"),
                        t -> (long) t.steps().get(0).retry().maxAttempts()),
                new Field("steps[0].retry.backoff_base_ms", TemplateLimits.BACKOFF_MS,
                        v -> step("retry: {backoff_base_ms: " + v + "}"),
                        t -> t.steps().get(0).retry().backoffBaseMs()),
                new Field("steps[0].retry.max_backoff_ms", TemplateLimits.BACKOFF_MS,
                        v -> step("retry: {backoff_base_ms: 0, max_backoff_ms: " + v + "}"),
                        t -> t.steps().get(0).retry().maxBackoffMs()));
    }

    private static String step(String field) {
        return HEADER + "steps:\n  - name: a\n    handler: h\n    " + field + "\n";
    }

    private static TaskTemplate parse(String yaml) {
        return new TemplateLoader(null).parse(yaml, "order.yaml");
    }

    private static List<String> errorsOf(String yaml) {
        TemplateValidationException e = catchThrowableOfType(TemplateValidationException.class, () -> parse(yaml));
        assertThat(e).as("expected a TemplateValidationException for:\n" + yaml).isNotNull();
        return e.errors();
    }

    @ParameterizedTest
    @MethodSource("integerFields")
    void acceptsBothEndsOfTheRange(Field f) {
        assertThat(f.read().apply(parse(f.yaml().apply(Long.toString(f.range().min()))))).isEqualTo(f.range().min());
        assertThat(f.read().apply(parse(f.yaml().apply(Long.toString(f.range().max()))))).isEqualTo(f.range().max());
    }

    @ParameterizedTest
    @MethodSource("integerFields")
    void rejectsOneBelowAndOneAboveNamingFieldValueAndRange(Field f) {
        long below = f.range().min() - 1;
        long above = f.range().max() + 1;
        assertThat(errorsOf(f.yaml().apply(Long.toString(below)))).containsExactly(
                "order.yaml: " + f.path() + ": must be an integer " + f.range() + ", was " + below);
        assertThat(errorsOf(f.yaml().apply(Long.toString(above)))).containsExactly(
                "order.yaml: " + f.path() + ": must be an integer " + f.range() + ", was " + above);
    }

    @ParameterizedTest
    @MethodSource("integerFields")
    void rejectsNonIntegralNumbers(Field f) {
        assertThat(errorsOf(f.yaml().apply("1.5"))).containsExactly(
                "order.yaml: " + f.path() + ": must be an integer " + f.range() + ", was 1.5");
        assertThat(errorsOf(f.yaml().apply("9.3e15"))).containsExactly(
                "order.yaml: " + f.path() + ": must be an integer " + f.range() + ", was 9.3E15");
        assertThat(errorsOf(f.yaml().apply("2.0"))).containsExactly(
                "order.yaml: " + f.path() + ": must be an integer " + f.range() + ", was 2.0");
    }

    @Test
    void rejectsADeadlineThatWouldOverflowTheDueTime() {
        assertThat(errorsOf(HEADER + "lifecycle: {max_duration_seconds: 9300000000000000}\n"
                + "steps: [{name: a, handler: h}]\n")).containsExactly("order.yaml: lifecycle.max_duration_seconds:"
                + " must be an integer from 1 to 31536000 (365 days), was 9300000000000000");
        assertThat(errorsOf(HEADER + "lifecycle: {max_duration_seconds: 99999999999999999999999}\n"
                + "steps: [{name: a, handler: h}]\n")).containsExactly("order.yaml: lifecycle.max_duration_seconds:"
                + " must be an integer from 1 to 31536000 (365 days), was 99999999999999999999999");
    }

    @Test
    void appliesTheSameBoundsToTemplatesReadFromTheTopic() {
        String json = "{\"name\":\"n\",\"namespace\":\"ns\",\"version\":\"1\",\"lifecycle\":{\"max_duration_seconds\":"
                + "9300000000000000},\"steps\":[{\"name\":\"a\",\"handler\":{\"name\":\"h\"},\"timeout_seconds\":604801}]}";
        assertThatThrownBy(() -> TemplateJson.fromJson(json, "templates-topic key ns/n/1"))
                .isInstanceOfSatisfying(TemplateValidationException.class, e -> assertThat(e.errors())
                        .containsExactly("templates-topic key ns/n/1: lifecycle.max_duration_seconds: must be an"
                                        + " integer from 1 to 31536000 (365 days), was 9300000000000000",
                                "templates-topic key ns/n/1: steps[0].timeout_seconds: must be an integer from 1 to"
                                        + " 604800 (7 days), was 604801"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "0.5", "1", "1.0"})
    void acceptsJitterFromZeroToOne(String jitter) {
        assertThat(parse(step("retry: {jitter: " + jitter + "}")).steps().get(0).retry().jitter())
                .isEqualTo(Double.parseDouble(jitter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "1.01", "5"})
    void rejectsJitterOutsideZeroToOne(String jitter) {
        assertThat(errorsOf(step("retry: {jitter: " + jitter + "}"))).containsExactly(
                "order.yaml: steps[0].retry.jitter: must be a number from 0 to 1, was " + jitter);
    }

    @Test
    void rejectsJitterThatIsNotANumber() {
        assertThat(errorsOf(step("retry: {jitter: '0.5'}"))).containsExactly(
                "order.yaml: steps[0].retry.jitter: must be a number from 0 to 1, was string '0.5'");
        // the YAML reader refuses NaN and infinities itself; they must never reach the retry policy
        assertThat(errorsOf(step("retry: {jitter: .nan}"))).singleElement().asString().contains("'.nan'");
    }

    @Test
    void boundsAreTheDocumentedOnes() {
        assertThat(TemplateLimits.MAX_DURATION_SECONDS.max()).isEqualTo(365L * 24 * 3600);
        assertThat(TemplateLimits.TIMEOUT_SECONDS.max()).isEqualTo(7L * 24 * 3600);
        assertThat(TemplateLimits.MAX_ATTEMPTS.max()).isEqualTo(100);
        assertThat(TemplateLimits.BACKOFF_MS.max()).isEqualTo(24L * 3600 * 1000);
    }
}
