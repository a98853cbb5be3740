package io.tableguard.archfixture.protection;

/** A fixture for ArchitectureTest: some code of the kind "protection". */
public class Checker {
  public boolean check() {
    return true;
  }
}
