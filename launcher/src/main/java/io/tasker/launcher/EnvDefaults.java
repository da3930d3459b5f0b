package io.tasker.launcher;

import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one rule by which every option of every {@code tasker} command takes its default from the environment.
 *
 * <p>Option {@code --foo-bar} of {@code tasker cmd sub} is read from the first variable that is set of
 * {@code TASKER_CMD_SUB_FOO_BAR} and {@code TASKER_CMD_FOO_BAR} (most specific first) and, for the options that mean the
 * same on every command ({@link #SHARED_OPTIONS}: the cluster, the API URL and token, logging), {@code TASKER_FOO_BAR};
 * else it keeps its own default. A shared name for every option would let {@code TASKER_VERSION} pin
 * {@code tasks submit --version} or {@code TASKER_OUTPUT} turn a CLI format into a file name. A flag on the command line always wins. Names are upper-cased with {@code -} and {@code .}
 * turned into {@code _}. Boolean flags take {@code true} or {@code false}. Repeatable options take a comma-separated
 * list ({@code a.yaml,b.yaml}); {@code KEY=VALUE} options take comma-separated entries where a comma starts a new entry
 * only when a {@code KEY=} follows it, so {@code keys=password,pin,mask=XXX} is two entries. A {@code KEY=VALUE} option
 * also takes one variable per key, the option's variable plus {@code _KEY} with the key upper-cased and {@code .} as
 * {@code _}: {@code TASKER_KAFKA_SECURITY_PROTOCOL=SASL_SSL} is {@code --kafka security.protocol=SASL_SSL}. The entries
 * of every level are merged, the more specific winning per key (file, shared, command, subcommand; per-key variables over
 * the list of the same level).
 *
 * <p>After the environment, the Java properties file of {@code tasker --config FILE} (else {@code TASKER_CONFIG})
 * is read, keyed the same way without the prefix: {@code runner.http-port}, then {@code http-port}.
 *
 * <p>A value that does not convert is an error naming the variable or file key: {@link #explain(ParameterException)}.
 */
public final class EnvDefaults implements IDefaultValueProvider {
    /** Prefix of every variable. */
    public static final String PREFIX = "TASKER_";
    /** The root command's option naming the properties file read after the environment. */
    public static final String CONFIG_OPTION = "--config";
    /** Splits a map option's entries: a comma followed by {@code KEY=}. */
    private static final Pattern ENTRY_SEPARATOR = Pattern.compile(",(?=[A-Za-z0-9_.\\-]+=)");

    /**
     * The options read from {@code TASKER_<OPTION>} (and key {@code <option>} of the config file) by every command that
     * has them: they mean the same wherever they appear. Any other option needs its command in the name.
     */
    public static final java.util.Set<String> SHARED_OPTIONS = java.util.Set.of(
            "--bootstrap-servers", "--schema-registry-url", "--topic-prefix", "--url", "--token", "--log-format",
            "--tracing", "--otel", "--otel-endpoint", "--redaction", "--kafka",
            "--schema-registry-user-info", "--schema-registry-bearer-token", "--schema-registry-truststore",
            "--schema-registry-truststore-password", "--schema-registry-truststore-type");

    private final java.util.SortedMap<String, String> env;
    /** The {@code --config} files read, by name. */
    private final Map<String, ConfigFile> files = new java.util.HashMap<>();
    /** Where each option's value came from, for the error of a value that does not convert. */
    private final Map<ArgSpec, String> sources = Collections.synchronizedMap(new IdentityHashMap<>());

    public EnvDefaults(Map<String, String> env) {
        this.env = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(env)); // per-key variables in name order
    }

    /** Makes {@code cli} (and its subcommands) take defaults from {@code env}, and name the variable of a bad value. */
    public static EnvDefaults install(CommandLine cli, Map<String, String> env) {
        EnvDefaults defaults = new EnvDefaults(env);
        cli.setDefaultValueProvider(defaults);
        CommandLine.IParameterExceptionHandler standard = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((ex, args) -> {
            Optional<String> explained = defaults.explain(ex);
            if (explained.isEmpty()) return standard.handleParseException(ex, args);
            ex.getCommandLine().getErr().println("error: " + explained.get());
            return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        return defaults;
    }

    /**
     * The variables {@code option} is read from, most specific first. Empty for help options and for options of an
     * argument group (the task context of {@code tasks submit}, the result of {@code tasks complete}: one call's input,
     * not a setting, and picocli creates a group only when one of its options is on the command line).
     */
    public static List<String> variables(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp() || option.group() != null) return List.of();
        return names(option, PREFIX, "_", EnvDefaults::envPart);
    }

    /** {@code prefix + cmd + sep + sub + sep + option}, then without {@code sub}, then (shared options) without {@code cmd}. */
    private static List<String> names(OptionSpec option, String prefix, String separator, Function<String, String> part) {
        String name = option.longestName().replaceFirst("^-+", "");
        List<String> path = commandPath(option.command());
        List<String> names = new ArrayList<>();
        int least = path.isEmpty() || SHARED_OPTIONS.contains(option.longestName()) ? 0 : 1;
        for (int n = path.size(); n >= least; n--) {
            List<String> parts = new ArrayList<>(path.subList(0, n));
            parts.add(name);
            names.add(prefix + String.join(separator, parts.stream().map(part).toList()));
        }
        return names;
    }

    /** The command names below {@code tasker}: {@code [tasks, submit]} for {@code tasker tasks submit}. */
    private static List<String> commandPath(CommandSpec command) {
        List<String> path = new ArrayList<>();
        for (CommandSpec c = command; c != null; c = c.parent()) path.add(0, c.name());
        if (!path.isEmpty() && "tasker".equals(path.get(0))) path.remove(0);
        return path;
    }

    private static String envPart(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /**
     * The keys {@code option} is read from in the {@code --config} file, most specific first: {@code runner.http-port},
     * then {@code http-port}. Empty where {@link #variables} is.
     */
    public static List<String> fileKeys(OptionSpec option) {
        if (variables(option).isEmpty()) return List.of();
        return names(option, "", ".", Function.identity());
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) return null;
        if (option.typeInfo().isMap() && !variables(option).isEmpty()) return mapDefault(option);
        for (String variable : variables(option)) {
            String value = env.get(variable);
            if (value != null) return found(option, "environment variable " + variable + "='" + value + "'", value);
        }
        if (fileKeys(option).isEmpty() || CONFIG_OPTION.equals(option.longestName())) return null;
        Optional<ConfigFile> file = configFile(option);
        if (file.isPresent()) {
            for (String key : fileKeys(option)) {
                String value = file.get().properties().getProperty(key);
                if (value != null) return found(option, "config file " + file.get().path() + ": " + key + "='" + value + "'", value);
            }
        }
        return null;
    }

    /**
     * A {@code KEY=VALUE} option: the entries of the config file, then of each variable from the least to the most
     * specific, each list variable followed by its per-key variables; a later entry of a key replaces an earlier one.
     */
    private String mapDefault(OptionSpec option) {
        List<String> sourceNames = new ArrayList<>();
        Map<String, String> entries = new LinkedHashMap<>();
        Optional<ConfigFile> file = configFile(option);
        if (file.isPresent()) {
            List<String> keys = new ArrayList<>(fileKeys(option));
            Collections.reverse(keys);
            for (String key : keys) {
                String value = file.get().properties().getProperty(key);
                if (value != null) addList(option, entries, sourceNames, value, "config file " + file.get().path() + ": " + key + "='" + value + "'");
            }
        }
        java.util.Set<String> otherOptions = new java.util.HashSet<>();
        for (OptionSpec o : option.command().options()) if (o != option) otherOptions.addAll(variables(o));
        List<String> vars = new ArrayList<>(variables(option));
        Collections.reverse(vars);
        for (String variable : vars) {
            String list = env.get(variable);
            if (list != null) addList(option, entries, sourceNames, list, "environment variable " + variable + "='" + list + "'");
            env.forEach((name, value) -> {
                if (!name.startsWith(variable + "_") || otherOptions.contains(name)) return;
                String key = name.substring(variable.length() + 1).toLowerCase(Locale.ROOT).replace('_', '.');
                if (key.isEmpty()) return;
                entries.remove(key); // the most specific entry is also the last one shown
                entries.put(key, value);
                sourceNames.add("environment variable " + name);
            });
        }
        if (sourceNames.isEmpty()) return null;
        String source = String.join(", ", sourceNames);
        sources.put(option, source);
        setMap(option, source, entries);
        return null; // set above
    }

    private static void addList(OptionSpec option, Map<String, String> entries, List<String> sourceNames, String value, String source) {
        sourceNames.add(source);
        for (String entry : ENTRY_SEPARATOR.split(value.trim())) {
            if (entry.isBlank()) continue;
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(option.command().commandLine(), source + ": invalid value for option '"
                        + option.longestName() + "': '" + entry + "' is not KEY=VALUE", null, option, value);
            }
            String key = entry.substring(0, eq).trim();
            entries.remove(key);
            entries.put(key, entry.substring(eq + 1));
        }
    }

    private void setMap(OptionSpec option, String source, Map<String, String> entries) {
        Class<?>[] types = option.typeInfo().getAuxiliaryTypes();
        try {
            Map<Object, Object> map = new LinkedHashMap<>();
            entries.forEach((k, v) -> map.put(convert(k, types[0]), convert(v, types[1])));
            option.setValue(map);
        } catch (RuntimeException e) {
            throw new ParameterException(option.command().commandLine(), source + ": invalid value for option '"
                    + option.longestName() + "': " + e.getMessage(), e, option, String.valueOf(entries));
        }
    }

    private String found(OptionSpec option, String source, String value) {
        sources.put(option, source);
        // picocli splits a default by the option's own split regex (--events a,b); without one it would take the
        // whole string as one element
        if (!option.typeInfo().isMultiValue() || !option.splitRegex().isEmpty()) return value;
        setMultiValue(option, source, value);
        return null; // set above
    }

    /** The root command's {@code --config} file (flag, else {@code TASKER_CONFIG}), read once. */
    private Optional<ConfigFile> configFile(OptionSpec option) {
        OptionSpec config = option.command().root().findOption(CONFIG_OPTION);
        if (config == null) return Optional.empty();
        Object flag = config.getValue();
        String name = flag != null ? flag.toString() : env.get(PREFIX + "CONFIG");
        if (name == null || name.isBlank()) return Optional.empty();
        synchronized (files) {
            return Optional.of(files.computeIfAbsent(name, n -> ConfigFile.read(Path.of(n), option)));
        }
    }

    /** A {@code --config} file: Java properties keyed by long option names without dashes. */
    private record ConfigFile(Path path, java.util.Properties properties) {
        static ConfigFile read(Path path, OptionSpec asking) {
            java.util.Properties p = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(path)) {
                p.load(in);
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new ParameterException(asking.command().root().commandLine(),
                        "config file " + path + " cannot be read: " + e);
            }
            return new ConfigFile(path, p);
        }
    }

    /** The error of a value from the environment or config file that does not convert, naming where it came from; empty for other errors. */
    public Optional<String> explain(ParameterException ex) {
        ArgSpec arg = ex.getArgSpec();
        if (arg == null || !sources.containsKey(arg)) return Optional.empty();
        if (ex.getMessage() != null && ex.getMessage().startsWith(sources.get(arg))) return Optional.of(ex.getMessage());
        return Optional.of(sources.get(arg) + ": " + ex.getMessage());
    }

    /** A list option: its elements, converted for the types our commands use. */
    private void setMultiValue(OptionSpec option, String source, String value) {
        Class<?>[] types = option.typeInfo().getAuxiliaryTypes();
        CommandLine cl = option.command().commandLine();
        try {
            List<Object> list = new ArrayList<>();
            for (String element : value.split(",")) {
                if (!element.isBlank()) list.add(convert(element.trim(), types[0]));
            }
            option.setValue(list);
        } catch (RuntimeException e) {
            throw new ParameterException(cl, source + ": invalid value for option '" + option.longestName() + "': " + e.getMessage(), e, option, value);
        }
    }

    private static Object convert(String value, Class<?> type) {
        if (type == String.class) return value;
        if (type == Path.class) return Path.of(value);
        if (type == Integer.class || type == int.class) return Integer.valueOf(value);
        if (type == Long.class || type == long.class) return Long.valueOf(value);
        throw new IllegalArgumentException("a repeatable option of " + type.getSimpleName() + " cannot be set from the environment");
    }
}
