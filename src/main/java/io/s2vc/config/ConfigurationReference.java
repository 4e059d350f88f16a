package io.s2vc.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code docs/configuration.md}, generated from the {@link Catalogue} and the built-in profiles, so that the reference
 * can never drift from what the code checks (a test compares the file with {@link #markdown()}).
 */
public final class ConfigurationReference {
    public static final String PATH = "docs/configuration.md";
    public static final String COMMAND = "java -jar target/s2vc.jar config docs";

    private ConfigurationReference() {
    }

    public static String markdown() {
        Map<String, Config> profiles = new LinkedHashMap<>();
        for (String name : Config.BUILT_IN_PROFILES) {
            profiles.put(name, Config.load(name, List.of()));
        }
        StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n")
                .append("<!-- Generated from io.s2vc.config.Catalogue by `").append(COMMAND)
                .append("`; edit the catalogue, not this file (a test fails when they differ). -->\n\n")
                .append("Every setting has a default from the paper, the authors' code or our own measurement, and says "
                        + "which. A profile (`--profile`, default `cpu-tiny`; a profile file may `extends` another) "
                        + "changes some of them, `--set key=value` any of them, and some command options stand for one "
                        + "(e.g. `suppress --alpha` for `suppress.alpha`). Every value is checked when the "
                        + "configuration loads, before any work starts; a bad one ends the command with one line naming "
                        + "the key, the value and what is allowed.\n\n")
                .append("Sources: **paper** = S²VC, AAAI 2022; **official code** = the authors' code (`§x.y` points "
                        + "into `shared/reference/s2vc-official-code.md`); **ours** = a choice or measurement of this "
                        + "product. Profile columns show a value only where the profile changes the default.\n\n")
                .append("Keys below `").append(Catalogue.KAFKA_PROPERTIES).append("` are free-form and passed to every "
                        + "Kafka client (e.g. `kafka.properties.security.protocol=SASL_SSL`).\n");
        String section = null;
        for (Param<?> param : Catalogue.all()) {
            String own = sectionOf(param.key());
            if (!own.equals(section)) {
                section = own;
                md.append("\n## ").append(own.isEmpty() ? "General" : "`" + own + ".*`").append("\n\n| key | type | default | ");
                profiles.keySet().forEach(p -> md.append(p).append(" | "));
                md.append("allowed | unit | source | what it is |\n|---|---|---|");
                profiles.keySet().forEach(p -> md.append("---|"));
                md.append("---|---|---|---|\n");
            }
            md.append("| `").append(param.key()).append("` | ").append(param.type()).append(" | ")
                    .append(code(defaultText(param))).append(" | ");
            for (Config profile : profiles.values()) {
                String value = profile.text(param.key());
                md.append(Objects.equals(value, defaultText(param)) ? "" : code(value)).append(" | ");
            }
            md.append(cell(param.allowed())).append(" | ").append(cell(param.unit())).append(" | ")
                    .append(param.source().label()).append(" | ").append(cell(param.description())).append(" |\n");
        }
        return md.toString();
    }

    private static String sectionOf(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    private static <T> String defaultText(Param<T> param) {
        return param.format(param.defaultValue());
    }

    private static String code(String value) {
        return value.isEmpty() ? "(empty)" : "`" + value + "`";
    }

    /** Text safe inside a table cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** The keys that {@code config} sets to other values than the defaults, with those values. */
    public static List<String> changes(Config config) {
        List<String> out = new ArrayList<>();
        for (Param<?> param : Catalogue.all()) {
            String value = config.text(param.key());
            if (!value.equals(defaultText(param))) {
                out.add(param.key() + "=" + value);
            }
        }
        return out;
    }
}
