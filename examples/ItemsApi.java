import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jasyncio.http.server.App;
import org.jasyncio.http.server.Body;
import org.jasyncio.http.server.Delete;
import org.jasyncio.http.server.Get;
import org.jasyncio.http.server.HttpNotFound;
import org.jasyncio.http.server.PathParam;
import org.jasyncio.http.server.Post;
import org.jasyncio.http.server.Put;
import org.jasyncio.http.server.QueryParam;

/**
 * A CRUD API in the FastAPI style: typed endpoints, a request body bound to a record that validates
 * itself, 422 answers that list every problem, 404 for a missing item, and the OpenAPI document.
 *
 * <pre>
 * curl -X POST localhost:8000/items -d '{"name": "pen", "price": 1.5, "quantity": 10}'   # 201
 * curl localhost:8000/items/1                                                            # 200
 * curl -X POST localhost:8000/items -d '{"name": " ", "price": "cheap"}'                 # 422
 * curl 'localhost:8000/items?q=pe&amp;limit=10'                                                # 200, a list
 * curl -X DELETE localhost:8000/items/1                                                  # 204
 * </pre>
 *
 * What FastAPI does with a pydantic model, a record does here: its components are the fields (an
 * {@code Optional} one may be left out), its compact constructor is the validator. The parameters
 * are named in their annotations so that the file also runs with the JDK's source launcher, which
 * compiles without {@code -parameters}; compiled with it, {@code int id} alone would do.
 *
 * <p>Run: {@code ./jasyncio run examples/ItemsApi.java [PORT]} (default 8000).
 */
public class ItemsApi {
    /** What a client sends to create or replace an item. */
    public record NewItem(String name, double price, Optional<String> description, int quantity) {
        /** The validation: what it refuses is answered 422 with this message. */
        public NewItem {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            if (price <= 0) {
                throw new IllegalArgumentException("price must be positive");
            }
            if (quantity < 0) {
                throw new IllegalArgumentException("quantity must not be negative");
            }
        }
    }

    /** A stored item. */
    public record Item(int id, String name, double price, Optional<String> description, int quantity) {
        static Item of(int id, NewItem n) {
            return new Item(id, n.name(), n.price(), n.description(), n.quantity());
        }
    }

    /**
     * The endpoints, over an in-memory store. No lock: every handler runs on the loop's one thread, and
     * none suspends between reading and writing the map.
     */
    public static final class Api {
        private final TreeMap<Integer, Item> items = new TreeMap<>();
        private int nextId = 1;

        @Get(value = "/items", summary = "List items, optionally filtered by name")
        public List<Item> list(
                @QueryParam("q") Optional<String> q, @QueryParam(value = "limit", defaultValue = "100") int limit) {
            List<Item> out = new ArrayList<>();
            for (Item i : items.values()) {
                if (out.size() < limit && q.map(s -> i.name().contains(s)).orElse(true)) {
                    out.add(i);
                }
            }
            return out;
        }

        @Get(value = "/items/{id}", summary = "One item")
        public Item get(@PathParam("id") int id) {
            Item i = items.get(id);
            if (i == null) {
                throw new HttpNotFound("no item " + id);
            }
            return i;
        }

        @Post(value = "/items", status = 201, summary = "Create an item")
        public Item create(@Body NewItem item) {
            Item created = Item.of(nextId++, item);
            items.put(created.id(), created);
            return created;
        }

        @Put(value = "/items/{id}", summary = "Replace an item")
        public Item replace(@PathParam("id") int id, @Body NewItem item) {
            get(id);
            Item replaced = Item.of(id, item);
            items.put(id, replaced);
            return replaced;
        }

        @Delete(value = "/items/{id}", summary = "Delete an item")
        public void delete(@PathParam("id") int id) {
            if (items.remove(id) == null) {
                throw new HttpNotFound("no item " + id);
            }
        }
    }

    static App app() {
        return new App().info("ItemsApi", "1.0").endpoints(new Api());
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        app().run("127.0.0.1", port);
    }
}
