/**
 * The pure logic of {@code tasker generate}: subscriber, step handler and template skeletons (with their tests, a
 * subscriber YAML config and a {@code pom.xml}) as text, from the event contracts of
 * {@link io.tasker.schemas.LifecycleEventType} and the templates' {@link io.tasker.templates.EventDeclaration}s.
 * Nothing here touches the file system except {@link io.tasker.launcher.generate.GeneratedFiles}.
 */
package io.tasker.launcher.generate;
