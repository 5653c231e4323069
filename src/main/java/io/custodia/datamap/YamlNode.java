package io.custodia.datamap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** A YAML node that knows where it stands in its file, so every error can name the line. */
record YamlNode(String source, String path, Node node) {

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    DataMapException error(String message) {
        return new DataMapException(source + ", line " + line() + " (" + path + "): " + message);
    }

    Map<String, YamlNode> mapping() {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping of keys to values");
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = new YamlNode(source, path, tuple.getKeyNode()).scalar();
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (entries.put(key, new YamlNode(source, childPath, tuple.getValueNode())) != null) {
                throw new YamlNode(source, childPath, tuple.getKeyNode()).error("duplicate key '" + key + "'");
            }
        }
        return entries;
    }

    List<YamlNode> sequence() {
        if (!(node instanceof SequenceNode sequence)) {
            throw error("expected a list");
        }
        List<YamlNode> items = new ArrayList<>();
        List<Node> values = sequence.getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(new YamlNode(source, path + "[" + i + "]", values.get(i)));
        }
        return items;
    }

    String scalar() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("expected a single value");
        }
        return scalar.getValue();
    }

    List<String> scalars() {
        return sequence().stream().map(YamlNode::scalar).toList();
    }

    /** A view of a mapping that checks required keys and refuses unknown ones. */
    static final class Entries {
        private final YamlNode owner;
        private final Map<String, YamlNode> entries;

        Entries(YamlNode owner, List<String> allowedKeys) {
            this.owner = owner;
            this.entries = owner.mapping();
            for (var entry : entries.entrySet()) {
                if (!allowedKeys.contains(entry.getKey())) {
                    throw entry.getValue().error("unknown key '" + entry.getKey() + "'; allowed: " + allowedKeys);
                }
            }
        }

        YamlNode required(String key) {
            YamlNode node = entries.get(key);
            if (node == null) {
                throw owner.error("missing required key '" + key + "'");
            }
            return node;
        }

        @Nullable YamlNode optional(String key) {
            return entries.get(key);
        }

        boolean flag(String key) {
            YamlNode node = entries.get(key);
            if (node == null) {
                return false;
            }
            String value = node.scalar();
            if (!value.equals("true") && !value.equals("false")) {
                throw node.error("expected true or false, found '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }
    }
}
