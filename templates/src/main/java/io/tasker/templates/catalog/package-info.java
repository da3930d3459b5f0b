/**
 * The event catalog: everything a subscriber can receive. {@link io.tasker.templates.catalog.EventCatalog} lists every
 * lifecycle event ({@link io.tasker.schemas.LifecycleEventType}) and every domain event the registered templates
 * declare, with payload schema, example payload, who fires it, delivery, topic and subscribers (through the
 * {@link io.tasker.templates.catalog.SubscribedBy} hook); {@link io.tasker.templates.catalog.CatalogJson} is its HTTP
 * form, {@link io.tasker.templates.catalog.AsyncApiDocument} its AsyncAPI 3.0 form and
 * {@link io.tasker.templates.catalog.SchemaExamples} makes example payloads from JSON Schemas. Pure: no Kafka, no I/O.
 */
package io.tasker.templates.catalog;
