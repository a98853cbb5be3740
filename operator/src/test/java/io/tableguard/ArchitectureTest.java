package io.tableguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, kept by the build: shared floors (model, config, aws, metrics, kube,
 * events, dataplane) never reach up into a kind, nor into the contract kinds register through ({@code kind}); a kind
 * (protection, restore) uses the floors and other kinds' model classes, never another kind's code; the model
 * depends on nothing else of the operator. Only the wiring at the root (TableguardOperator, Main) knows every
 * kind.
 */
class ArchitectureTest {
  private static final String ROOT = "io.tableguard";
  private static final List<String> KINDS = List.of("protection", "restore", "backup", "schedule");
  private static final List<String> FLOORS = List.of("model", "config", "aws", "metrics", "kube", "events",
      "dataplane");

  private static final JavaClasses OPERATOR = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @Test
  void theOperatorKeepsItsLayers() {
    for (ArchRule rule : rules(ROOT)) {
      rule.check(OPERATOR);
    }
  }

  /** The rules catch what they are for: a kind that imports another kind's code (test fixtures below). */
  @Test
  void aKindImportingAnotherKindsCodeIsCaught() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(ROOT + ".archfixture");
    List<EvaluationResult> results = rules(ROOT + ".archfixture").stream().map(r -> r.evaluate(fixtures)).toList();

    assertThat(results).filteredOn(EvaluationResult::hasViolation).singleElement()
        .satisfies(r -> assertThat(r.getFailureReport().getDetails()).anySatisfy(line -> assertThat(line)
            .contains("archfixture.restore.Intruder").contains("archfixture.protection.Checker")));
  }

  static List<ArchRule> rules(String root) {
    List<ArchRule> rules = new java.util.ArrayList<>();
    for (String kind : KINDS) {
      String[] others = KINDS.stream().filter(k -> !k.equals(kind)).map(k -> root + "." + k + "..")
          .toArray(String[]::new);
      rules.add(noClasses().that().resideInAPackage(root + "." + kind + "..")
          .should().dependOnClassesThat().resideInAnyPackage(others)
          .as("kind " + kind + " never uses another kind's code (only its model)").allowEmptyShould(true));
    }
    // Above the floors: the kinds, and the contract they register through (kind: Kind, Floors).
    String[] kinds = java.util.stream.Stream.concat(KINDS.stream(), java.util.stream.Stream.of("kind"))
        .map(k -> root + "." + k + "..").toArray(String[]::new);
    String[] floors = FLOORS.stream().map(f -> root + "." + f + "..").toArray(String[]::new);
    rules.add(noClasses().that().resideInAnyPackage(floors).should().dependOnClassesThat()
        .resideInAnyPackage(kinds).as("the shared floors never reach up into a kind").allowEmptyShould(true));
    rules.add(noClasses().that().resideInAPackage(root + ".model..").should().dependOnClassesThat()
        .resideInAnyPackage(FLOORS.stream().filter(f -> !f.equals("model")).map(f -> root + "." + f + "..")
            .toArray(String[]::new))
        .as("the model depends on no other part of the operator").allowEmptyShould(true));
    return rules;
  }
}
