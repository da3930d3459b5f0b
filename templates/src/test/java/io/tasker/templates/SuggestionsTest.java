package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    static final List<String> STEP_KEYS = List.of("name", "description", "handler", "depends_on", "retry",
            "timeout_seconds", "publishes_events");

    @Test
    void countsInsertionsDeletionsSubstitutionsAndSwaps() {
        assertThat(Suggestions.distance("depends_on", "depends_on")).isZero();
        assertThat(Suggestions.distance("depends_onn", "depends_on")).isEqualTo(1);
        assertThat(Suggestions.distance("dependson", "depends_on")).isEqualTo(1);
        assertThat(Suggestions.distance("fetch_kart", "fetch_cart")).isEqualTo(1);
        assertThat(Suggestions.distance("hnadler", "handler")).isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void suggestsTheClosestKnownNameIgnoringCase() {
        assertThat(Suggestions.closest("depends_onn", STEP_KEYS)).containsExactly("depends_on");
        assertThat(Suggestions.closest("Timeout_Seconds", STEP_KEYS)).containsExactly("timeout_seconds");
        assertThat(Suggestions.closest("retyr", STEP_KEYS)).containsExactly("retry");
    }

    @Test
    void suggestsNamesTheInputStartsOrIsAPrefixOf() {
        assertThat(Suggestions.closest("max_duration", List.of("max_duration_seconds"))).containsExactly(
                "max_duration_seconds");
        assertThat(Suggestions.closest("task.fail", List.of("task.failed", "task.started")))
                .containsExactly("task.failed");
    }

    @Test
    void ranksSpellingMatchesBeforePrefixMatchesAndKeepsAtMostThree() {
        assertThat(Suggestions.closest("order.create", List.of("order.created_later", "order.created", "order.creat")))
                .containsExactly("order.created", "order.creat", "order.created_later");
        assertThat(Suggestions.closest("step_", List.of("step_a", "step_b", "step_c", "step_d"))).hasSize(3);
    }

    @Test
    void suggestsNothingWhenNothingIsCloseOrTheNameIsKnown() {
        assertThat(Suggestions.closest("owner", STEP_KEYS)).isEmpty();
        assertThat(Suggestions.closest("retry", STEP_KEYS)).isEmpty();
        assertThat(Suggestions.closest(null, STEP_KEYS)).isEmpty();
        assertThat(Suggestions.didYouMean("owner", STEP_KEYS)).isEmpty();
    }

    @Test
    void phrasesOneTwoOrThreeSuggestions() {
        assertThat(Suggestions.didYouMean("fetch_kart", List.of("fetch_cart"))).hasValue("did you mean fetch_cart?");
        assertThat(Suggestions.didYouMean("charge_cart", List.of("charge_card", "charge_cash")))
                .hasValue("did you mean charge_card or charge_cash?");
        assertThat(Suggestions.didYouMean("ab", List.of("aa", "ac", "bb"))).hasValue("did you mean aa, ac or bb?");
    }
}
