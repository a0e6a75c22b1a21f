package archfixture.clean.common;

/** A shared contract. */
public interface Shared {
  int rows();
}
