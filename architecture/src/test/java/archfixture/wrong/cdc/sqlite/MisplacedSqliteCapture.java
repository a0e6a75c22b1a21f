package archfixture.wrong.cdc.sqlite;

/** Kind code in a service's package. */
public class MisplacedSqliteCapture {}
