package io.tasker.templates;

import io.tasker.templates.internal.TemplateReader;
import io.tasker.templates.internal.YamlDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads task templates from YAML, applying one environment's overrides, and validates them completely.
 *
 * <p>Every method throws {@link TemplateValidationException} listing all problems found (including unreadable
 * files), each message starting with its source. Instances are immutable and thread-safe.
 */
public final class TemplateLoader {

    private static final Logger log = LoggerFactory.getLogger(TemplateLoader.class);

    private final String environment;

    /**
     * @param environment the environment whose {@code environments.<env>} section is merged into each template;
     *                    {@code null} = base templates only. A template without a section for it is used as is.
     */
    public TemplateLoader(String environment) {
        this.environment = environment;
    }

    /** A loader that applies no environment overrides. */
    public TemplateLoader() {
        this(null);
    }

    /** The environment given at construction; may be {@code null}. */
    public String environment() {
        return environment;
    }

    /**
     * Reads and validates one YAML file; errors are prefixed with {@code yamlFile.toString()}.
     *
     * @throws TemplateValidationException if the file cannot be read or is not a valid template
     */
    public TaskTemplate load(Path yamlFile) {
        String source = yamlFile.toString();
        String text;
        try {
            text = Files.readString(yamlFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemplateValidationException(List.of(source + ": cannot read: " + e), e);
        }
        return parse(text, source);
    }

    /**
     * Parses and validates YAML text.
     *
     * @param yaml       the template text; not {@code null}
     * @param sourceName prefix for error messages, e.g. a file path or {@code classpath:templates/x.yaml}
     * @throws TemplateValidationException if the text is malformed (with line and column) or invalid
     */
    public TaskTemplate parse(String yaml, String sourceName) {
        YamlDocuments.Parsed parsed = YamlDocuments.readYaml(yaml, sourceName);
        TaskTemplate t = TemplateReader.read(parsed.root(), sourceName, environment, parsed.rawVersion());
        log.debug("Loaded template {} from {} (environment {})", t.key(), sourceName, environment);
        return t;
    }

    /**
     * Loads every {@code *.yaml} / {@code *.yml} file directly inside {@code dir} (not recursively), in file-name
     * order, and checks them together: two files declaring the same {@code namespace/name/version}, or one event name
     * declared with different schemas in one namespace ({@link EventContracts}), are errors too.
     *
     * @return the templates in file-name order; empty if the directory holds no YAML files
     * @throws TemplateValidationException with the errors of all files together, or if {@code dir} is unreadable
     */
    public List<TaskTemplate> loadDirectory(Path dir) {
        List<Path> files = yamlFiles(dir);
        if (files.isEmpty()) {
            log.warn("No *.yaml or *.yml templates found in {}", dir);
        }
        List<TaskTemplate> templates = loadTogether(files);
        log.info("Loaded {} template(s) from {} (environment {})", templates.size(), dir, environment);
        return templates;
    }

    /**
     * Loads several files and directories (each directory as {@link #loadDirectory}) and checks all their templates
     * together, like {@link #loadDirectory}: the same key twice or conflicting event schemas across any of them are
     * errors.
     *
     * @param paths template files and directories, loaded in the given order; a file listed twice is loaded once
     * @return the templates in the order loaded
     * @throws TemplateValidationException with the errors of all files together
     */
    public List<TaskTemplate> loadAll(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path path : paths) {
            try {
                List<Path> more = Files.isDirectory(path) ? yamlFiles(path) : List.of(path);
                more.stream().filter(f -> !files.contains(f)).forEach(files::add);
            } catch (TemplateValidationException e) {
                errors.addAll(e.errors());
            }
        }
        try {
            List<TaskTemplate> templates = loadTogether(files);
            if (errors.isEmpty()) {
                return templates;
            }
        } catch (TemplateValidationException e) {
            errors.addAll(e.errors());
        }
        throw new TemplateValidationException(errors);
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> {
                String n = f.getFileName().toString();
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(f);
            }).sorted().toList();
        } catch (IOException e) {
            throw new TemplateValidationException(List.of(dir + ": cannot list template directory: " + e), e);
        }
    }

    private List<TaskTemplate> loadTogether(List<Path> files) {
        List<TaskTemplate> templates = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<String, Path> keys = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                TaskTemplate t = load(f);
                Path previous = keys.putIfAbsent(t.key(), f);
                if (previous != null) {
                    errors.add(f + ": template " + t.key() + " is also defined in " + previous);
                } else {
                    templates.add(t);
                }
            } catch (TemplateValidationException e) {
                errors.addAll(e.errors());
            }
        }
        for (EventContracts.Conflict c : EventContracts.find(templates)) {
            // conflicts inside one file were refused by load(), so the two places are in two files
            errors.add(keys.get(c.second().template().key()) + ": " + c.second().path() + ": " + c.message()
                    + " (" + c.first().template().key() + " is defined in " + keys.get(c.first().template().key())
                    + ")");
        }
        if (!errors.isEmpty()) {
            throw new TemplateValidationException(errors);
        }
        return List.copyOf(templates);
    }

    /**
     * Loads a template from the classpath via the thread's context class loader (falling back to this class's
     * loader); errors are prefixed with {@code classpath:<resource>}.
     *
     * @param classpathResource e.g. {@code templates/order.yaml} (a leading '/' is ignored)
     * @throws TemplateValidationException if the resource is missing, unreadable or invalid
     */
    public TaskTemplate loadResource(String classpathResource) {
        String resource = classpathResource.startsWith("/") ? classpathResource.substring(1) : classpathResource;
        String source = "classpath:" + resource;
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = TemplateLoader.class.getClassLoader();
        }
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new TemplateValidationException(List.of(source + ": resource not found"));
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw new TemplateValidationException(List.of(source + ": cannot read: " + e), e);
        }
    }
}
