package io.tributary.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Random;

/**
 * Generates the bundled sample SQLite database of the demo: a small shop with {@code customers},
 * {@code products}, {@code orders} (foreign keys to both) and {@code order_tags} (composite key, a
 * reserved-word column), with INTEGER, REAL, TEXT, NUMERIC, BLOB and NULL values, unicode, empty
 * strings distinct from NULL. The content depends only on the scale: the same scale gives the same
 * rows.
 *
 * <p>Usage: {@code SampleDatabase <file> [scale]}; scale 1 (default) makes 120,000 rows.
 */
public final class SampleDatabase {
  private static final String[] FIRST = {
    "Ada", "Grace", "Linus", "Zoë", "Müller", "Søren", "李", "Ana"
  };
  private static final String[] LAST = {
    "Lovelace", "Hopper", "O'Brien", "Ng", "García", "Dvořák", "王"
  };
  private static final String[] TAGS = {"gift", "express", "fragile", "bulk", "returned", "vip"};

  private final int customers;
  private final int products;
  private final int orders;

  /** Sizes for a scale: 20k customers, 5k products, 80k orders and ~15k tags per unit. */
  public SampleDatabase(int scale) {
    this.customers = 20_000 * scale;
    this.products = 5_000 * scale;
    this.orders = 80_000 * scale;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      throw new IllegalArgumentException("usage: SampleDatabase <file> [scale]");
    }
    int scale = args.length == 2 ? Integer.parseInt(args[1]) : 1;
    Path file = Path.of(args[0]);
    new SampleDatabase(scale).create(file);
  }

  /** Creates the database at {@code file}, replacing any file there. Returns the row count. */
  public long create(Path file) throws SQLException, IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = parent.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    long rows;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + temp)) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA foreign_keys = ON");
        st.execute(
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT,"
                + " balance REAL, credit_limit NUMERIC, avatar BLOB, created_at TEXT)");
        st.execute(
            "CREATE TABLE products (sku TEXT PRIMARY KEY, title TEXT NOT NULL,"
                + " price DECIMAL(10,2), weight_kg REAL, thumbnail BLOB)");
        st.execute(
            "CREATE TABLE orders (id INTEGER PRIMARY KEY,"
                + " customer_id INTEGER NOT NULL REFERENCES customers (id),"
                + " product_sku TEXT REFERENCES products (sku), quantity INTEGER,"
                + " unit_price REAL, note TEXT, placed_at TEXT)");
        st.execute(
            "CREATE TABLE order_tags (order_id INTEGER NOT NULL REFERENCES orders (id),"
                + " tag TEXT NOT NULL, \"group\" TEXT, weight INTEGER, PRIMARY KEY (order_id, tag))");
      }
      Random random = new Random(20261122L);
      rows = customers(c, random) + products(c, random) + orders(c, random);
      c.commit();
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    return rows;
  }

  private long customers(Connection c, Random random) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (int id = 1; id <= customers; id++) {
        String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
        st.setLong(1, id);
        st.setString(2, name);
        int emailKind = random.nextInt(10);
        if (emailKind == 0) {
          st.setNull(3, Types.VARCHAR);
        } else if (emailKind == 1) {
          st.setString(3, ""); // empty, not NULL
        } else {
          st.setString(3, "user" + id + "@example.com");
        }
        if (random.nextInt(8) == 0) {
          st.setNull(4, Types.REAL);
        } else {
          st.setDouble(4, (random.nextDouble() - 0.3) * 10_000);
        }
        if (random.nextInt(5) == 0) {
          st.setNull(5, Types.NUMERIC);
        } else {
          st.setLong(5, 500L * random.nextInt(40));
        }
        if (random.nextInt(3) == 0) {
          st.setNull(6, Types.BLOB);
        } else {
          byte[] avatar = new byte[16 + random.nextInt(48)];
          random.nextBytes(avatar);
          st.setBytes(6, avatar);
        }
        st.setString(
            7,
            String.format(
                "2024-%02d-%02dT%02d:%02d:00Z", 1 + id % 12, 1 + id % 28, id % 24, id % 60));
        st.addBatch();
      }
      st.executeBatch();
    }
    return customers;
  }

  private long products(Connection c, Random random) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("INSERT INTO products VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 1; i <= products; i++) {
        st.setString(1, sku(i));
        st.setString(2, "Product №" + i + (i % 7 == 0 ? " — «special»" : ""));
        st.setString(3, String.format("%d.%02d", random.nextInt(500), random.nextInt(100)));
        if (i % 11 == 0) {
          st.setNull(4, Types.REAL);
        } else {
          st.setDouble(4, random.nextInt(100_000) / 1000.0);
        }
        st.setBytes(5, ("thumb-" + i).getBytes(StandardCharsets.UTF_8));
        st.addBatch();
      }
      st.executeBatch();
    }
    return products;
  }

  private long orders(Connection c, Random random) throws SQLException {
    long tags = 0;
    try (PreparedStatement order =
            c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement tag = c.prepareStatement("INSERT INTO order_tags VALUES (?, ?, ?, ?)")) {
      for (int id = 1; id <= orders; id++) {
        order.setLong(1, id);
        order.setLong(2, 1 + random.nextInt(customers));
        if (id % 13 == 0) {
          order.setNull(3, Types.VARCHAR);
        } else {
          order.setString(3, sku(1 + random.nextInt(products)));
        }
        order.setLong(4, 1 + random.nextInt(9));
        order.setDouble(5, random.nextInt(50_000) / 100.0);
        order.setString(6, id % 9 == 0 ? "leave at the door\nring twice \"please\"" : null);
        order.setString(
            7,
            String.format(
                "2025-%02d-%02d %02d:%02d:%02d",
                1 + id % 12, 1 + id % 28, id % 24, id % 60, id % 59));
        order.addBatch();
        if (id % 5 == 0) {
          int n = 1 + random.nextInt(3);
          for (int t = 0; t < n; t++) {
            tag.setLong(1, id);
            tag.setString(2, TAGS[(id + t) % TAGS.length]);
            tag.setString(3, t == 0 ? "primary" : null);
            tag.setLong(4, random.nextInt(100));
            tag.addBatch();
            tags++;
          }
        }
        if (id % 10_000 == 0) {
          order.executeBatch();
          tag.executeBatch();
        }
      }
      order.executeBatch();
      tag.executeBatch();
    }
    return orders + tags;
  }

  private static String sku(int i) {
    return String.format("SKU-%06d", i);
  }
}
