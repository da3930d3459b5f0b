package io.tasker.templates.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Shared, thread-safe Jackson mappers. */
public final class Mappers {

    private Mappers() {
    }

    /** Duplicate keys fail: a repeated key in YAML is almost always a copy/paste mistake that would hide a value. */
    public static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /** Canonical JSON: sorted keys everywhere so equal templates serialize to identical bytes. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);
}
