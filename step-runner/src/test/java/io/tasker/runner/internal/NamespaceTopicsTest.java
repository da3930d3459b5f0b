package io.tasker.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class NamespaceTopicsTest {
    static final NamespaceTopics.Wanted COMMANDS = NamespaceTopics.Wanted.stepCommands("b", "t.step-commands.b");
    static final NamespaceTopics.Wanted EVENTS = NamespaceTopics.Wanted.domainEvents("b", "t.domain-events.b");

    @Test
    void aDeniedCheckOfTheStepCommandTopicAsksForReadOnIt() {
        String m = NamespaceTopics.failure("check", COMMANDS, new TopicAuthorizationException("denied")).getMessage();
        assertThat(m).contains("cannot check step-command topic t.step-commands.b of namespace 'b'")
                .contains("grant it READ on topic t.step-commands.b")
                .doesNotContain("CREATE").doesNotContain("DESCRIBE");
    }

    @Test
    void aDeniedCheckOfTheDomainEventsTopicAsksForWriteOnIt() {
        String m = NamespaceTopics.failure("check", EVENTS, new TopicAuthorizationException("denied")).getMessage();
        assertThat(m).contains("grant it WRITE on topic t.domain-events.b").doesNotContain("CREATE");
    }

    @Test
    void aDeniedCreationSaysToCreateTheTopicBeforehandOrGrantCreate() {
        String m = NamespaceTopics.failure("create", COMMANDS, new TopicAuthorizationException("denied")).getMessage();
        assertThat(m).contains("cannot create step-command topic t.step-commands.b")
                .contains("create the topic beforehand, or grant the runner's principal CREATE on topic t.step-commands.b");
    }

    @Test
    void anyOtherFailureGivesNoAclHint() {
        String m = NamespaceTopics.failure("check", EVENTS, new TimeoutException("slow")).getMessage();
        assertThat(m).contains("slow").doesNotContain("grant");
    }
}
