package io.tableguard.archfixture.restore;

import io.tableguard.archfixture.protection.Checker;

/** A fixture for ArchitectureTest: code of the kind "restore" that uses the kind "protection"'s code. */
public class Intruder {
  public boolean borrow() {
    return new Checker().check();
  }
}
