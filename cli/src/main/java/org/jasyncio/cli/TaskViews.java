package org.jasyncio.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jasyncio.diagnostics.TaskInfo;

/** The two views of a JVM's tasks: {@code ps}'s table and {@code pstree}'s await tree (as Python 3.14's). */
final class TaskViews {
    private TaskViews() {}

    /** One row per task: loop, id, name, state, where it waits, who awaits it. */
    static String table(LoopsClient.Snapshot s) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"LOOP", "TASK ID", "TASK NAME", "STATE", "WAITS AT", "AWAITED BY"});
        for (TaskInfo t : s.tasks()) {
            List<String> by = new ArrayList<>();
            for (int i = 0; i < t.getAwaitedBy().size(); i++) {
                by.add(t.getAwaitedBy().get(i) + " (" + t.getAwaitedVia().get(i) + ")");
            }
            rows.add(new String[] {
                loopLabel(t.getLoop()),
                t.getId() == 0 ? "-" : Long.toString(t.getId()),
                t.getName(),
                t.getState(),
                where(t),
                String.join(", ", by)
            });
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : pad(r[i], width[i] + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** Per loop, the tasks nobody awaits, each with the tasks it awaits below it. */
    static String tree(LoopsClient.Snapshot s) {
        Map<String, List<TaskInfo>> byLoop = new LinkedHashMap<>();
        for (String loop : s.loops()) {
            byLoop.put(loop, new ArrayList<>());
        }
        for (TaskInfo t : s.tasks()) {
            byLoop.computeIfAbsent(t.getLoop(), k -> new ArrayList<>()).add(t);
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<TaskInfo>> e : byLoop.entrySet()) {
            sb.append(e.getKey()).append('\n');
            List<TaskInfo> tasks = e.getValue();
            Map<Long, TaskInfo> byId = new HashMap<>();
            Map<Long, List<TaskInfo>> awaits = new LinkedHashMap<>();
            for (TaskInfo t : tasks) {
                byId.put(t.getId(), t);
            }
            List<TaskInfo> roots = new ArrayList<>();
            for (TaskInfo t : tasks) {
                boolean awaited = false;
                for (Long w : t.getAwaitedBy()) {
                    if (byId.containsKey(w)) {
                        awaits.computeIfAbsent(w, k -> new ArrayList<>()).add(t);
                        awaited = true;
                    }
                }
                if (!awaited) {
                    roots.add(t);
                }
            }
            Set<Long> shown = new HashSet<>();
            for (int i = 0; i < roots.size(); i++) {
                node(roots.get(i), null, "", i == roots.size() - 1, awaits, shown, sb);
            }
        }
        return sb.toString();
    }

    private static void node(
            TaskInfo t,
            String via,
            String prefix,
            boolean last,
            Map<Long, List<TaskInfo>> awaits,
            Set<Long> shown,
            StringBuilder sb) {
        sb.append(prefix).append(last ? "└── " : "├── ");
        if (via != null) {
            sb.append('[').append(via).append("] ");
        }
        sb.append("(T) ").append(t.getName());
        if (t.getId() != 0) {
            sb.append(" #").append(t.getId());
        }
        sb.append(' ').append(t.getState());
        String where = where(t);
        if (!where.isEmpty()) {
            sb.append(" at ").append(where);
        }
        if (!shown.add(t.getId())) {
            sb.append(" (shown above)\n");
            return;
        }
        sb.append('\n');
        List<TaskInfo> children = awaits.getOrDefault(t.getId(), List.of());
        for (int i = 0; i < children.size(); i++) {
            TaskInfo c = children.get(i);
            String how = c.getAwaitedVia().get(c.getAwaitedBy().indexOf(t.getId()));
            node(c, how, prefix + (last ? "    " : "│   "), i == children.size() - 1, awaits, shown, sb);
        }
    }

    private static String where(TaskInfo t) {
        return t.getStack().isEmpty() ? t.getWaitingFor() : t.getStack().get(0);
    }

    /** {@code EventLoop-1} out of {@code <EventLoop-1 running ...>}. */
    private static String loopLabel(String loop) {
        int space = loop.indexOf(' ');
        return loop.startsWith("<") && space > 0 ? loop.substring(1, space) : loop;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
