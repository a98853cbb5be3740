package io.tableguard.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.schedule.TableBackupSchedule;
import io.tableguard.model.restore.TableRestore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Puts the printer columns of the generated CRDs in the order the model declares them, which fabric8's
 * crd-generator replaces by JSONPath order (so `kubectl get pt` would start with AGE). Run by the build right
 * after the generator (process-classes); only the order of the column entries changes, never their text, and
 * CrdFilesTest checks crds/ against the result.
 */
public final class PrinterColumnOrder {
  private static final String LIST = "  - additionalPrinterColumns:";
  private static final String ITEM = "    - ";
  private static final String ITEM_FIELD = "      ";

  private PrinterColumnOrder() {}

  /** Arguments: the directory the generator wrote to. */
  public static void main(String[] args) throws IOException {
    Path directory = Path.of(args[0]);
    reorder(directory.resolve("protectedtables.tableguard.io-v1.yml"), ProtectedTable.class);
    reorder(directory.resolve("tablerestores.tableguard.io-v1.yml"), TableRestore.class);
    reorder(directory.resolve("tablebackups.tableguard.io-v1.yml"), TableBackup.class);
    reorder(directory.resolve("tablebackupschedules.tableguard.io-v1.yml"), TableBackupSchedule.class);
  }

  static void reorder(Path crd, Class<?> kind) throws IOException {
    List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    Files.writeString(crd, reorder(Files.readString(crd), declared));
  }

  /** The CRD text with each version's column entries sorted by their place in {@code declared}. */
  static String reorder(String yaml, List<String> declared) {
    List<String> lines = new ArrayList<>(yaml.lines().toList());
    for (int start = lines.indexOf(LIST); start >= 0; start = indexOf(lines, LIST, start + 1)) {
      int end = start + 1;
      List<List<String>> columns = new ArrayList<>();
      while (end < lines.size() && (lines.get(end).startsWith(ITEM) || lines.get(end).startsWith(ITEM_FIELD))) {
        if (lines.get(end).startsWith(ITEM)) {
          columns.add(new ArrayList<>());
        }
        columns.get(columns.size() - 1).add(lines.get(end));
        end++;
      }
      columns.sort(Comparator.comparingInt(column -> place(column, declared)));
      List<String> sorted = columns.stream().flatMap(List::stream).toList();
      for (int i = 0; i < sorted.size(); i++) {
        lines.set(start + 1 + i, sorted.get(i));
      }
    }
    return String.join("\n", lines) + (yaml.endsWith("\n") ? "\n" : "");
  }

  private static int place(List<String> column, List<String> declared) {
    String name = column.stream().map(String::trim).filter(l -> l.startsWith("name: ") || l.startsWith("- name: "))
        .map(l -> l.substring(l.indexOf("name: ") + 6).replace("\"", "")).findFirst()
        .orElseThrow(() -> new IllegalStateException("a printer column without a name: " + column));
    int place = declared.indexOf(name);
    if (place < 0) {
      throw new IllegalStateException("printer column " + name + " is not declared on the model");
    }
    return place;
  }

  private static int indexOf(List<String> lines, String line, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).equals(line)) {
        return i;
      }
    }
    return -1;
  }
}
