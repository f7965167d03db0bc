package com.eventplanner.event.catalog;

import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.event.Venue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EventRepository {

    private static final String VIEW = """
            SELECT e.*, COALESCE(s.seats_booked, 0) AS seats_booked
            FROM event e LEFT JOIN event_seats s ON s.event_id = e.id
            """;

    private final JdbcClient jdbc;

    EventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID organizerId, EventDetails details, Instant now) {
        jdbc.sql("""
                INSERT INTO event (id, organizer_id, title, description, venue_name, venue_address, venue_city,
                                   starts_at, ends_at, time_zone, capacity, price_amount, price_currency, status,
                                   created_at, updated_at)
                VALUES (:id, :organizer, :title, :description, :venueName, :venueAddress, :venueCity, :startsAt,
                        :endsAt, :timeZone, :capacity, :amount, :currency, 'DRAFT', :now, :now)""")
                .param("id", id)
                .param("organizer", organizerId)
                .params(detailParams(details))
                .param("now", Timestamp.from(now))
                .update();
    }

    void update(UUID id, EventDetails details, Instant now) {
        jdbc.sql("""
                UPDATE event SET title = :title, description = :description, venue_name = :venueName,
                                 venue_address = :venueAddress, venue_city = :venueCity, starts_at = :startsAt,
                                 ends_at = :endsAt, time_zone = :timeZone, capacity = :capacity,
                                 price_amount = :amount, price_currency = :currency, updated_at = :now
                WHERE id = :id""")
                .param("id", id)
                .params(detailParams(details))
                .param("now", Timestamp.from(now))
                .update();
    }

    void publish(UUID id, Instant now) {
        jdbc.sql("UPDATE event SET status = 'PUBLISHED', published_at = :now, updated_at = :now WHERE id = :id")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    void cancel(UUID id, Instant now) {
        jdbc.sql("UPDATE event SET status = 'CANCELLED', cancelled_at = :now, updated_at = :now WHERE id = :id")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    Optional<EventView> find(UUID id) {
        return jdbc.sql(VIEW + " WHERE e.id = :id").param("id", id).query(EventRepository::view).optional();
    }

    /** The row locked for the rest of the transaction, so concurrent changes to one event apply one after another. */
    Optional<EventView> findForUpdate(UUID id) {
        return jdbc.sql(VIEW + " WHERE e.id = :id FOR UPDATE OF e").param("id", id)
                .query(EventRepository::view).optional();
    }

    EventPage published(EventFilter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE e.status = 'PUBLISHED'");
        List<Object[]> params = new ArrayList<>();
        if (filter.city() != null) {
            where.append(" AND lower(e.venue_city) = :city");
            params.add(new Object[] {"city", filter.city().toLowerCase(Locale.ROOT)});
        }
        if (filter.from() != null) {
            where.append(" AND e.starts_at >= :from");
            params.add(new Object[] {"from", Timestamp.from(filter.from())});
        }
        if (filter.to() != null) {
            where.append(" AND e.starts_at < :to");
            params.add(new Object[] {"to", Timestamp.from(filter.to())});
        }
        if (filter.text() != null) {
            where.append(" AND (e.title ILIKE :text ESCAPE '\\' OR e.description ILIKE :text ESCAPE '\\')");
            params.add(new Object[] {"text", "%" + likeEscape(filter.text()) + "%"});
        }
        JdbcClient.StatementSpec count = jdbc.sql("SELECT count(*) FROM event e" + where);
        JdbcClient.StatementSpec select = jdbc.sql(VIEW + where
                + " ORDER BY e.starts_at, e.id LIMIT :limit OFFSET :offset");
        for (Object[] param : params) {
            count = count.param((String) param[0], param[1]);
            select = select.param((String) param[0], param[1]);
        }
        long total = count.query(Long.class).single();
        List<EventView> items = select.param("limit", size).param("offset", (long) page * size)
                .query(EventRepository::view).list();
        return EventPage.of(items, page, size, total);
    }

    List<EventView> byOrganizer(UUID organizerId) {
        return jdbc.sql(VIEW + " WHERE e.organizer_id = :organizer ORDER BY e.created_at DESC, e.id")
                .param("organizer", organizerId).query(EventRepository::view).list();
    }

    private static Map<String, Object> detailParams(EventDetails details) {
        Map<String, Object> params = new HashMap<>();
        params.put("title", details.title());
        params.put("description", details.description());
        params.put("venueName", details.venue().name());
        params.put("venueAddress", details.venue().address());
        params.put("venueCity", details.venue().city());
        params.put("startsAt", Timestamp.from(details.startsAt()));
        params.put("endsAt", Timestamp.from(details.endsAt()));
        params.put("timeZone", details.timeZone());
        params.put("capacity", details.capacity());
        params.put("amount", details.price().amount());
        params.put("currency", details.price().currency());
        return params;
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static EventView view(ResultSet rs, int row) throws SQLException {
        return new EventView(
                rs.getObject("id", UUID.class),
                rs.getObject("organizer_id", UUID.class),
                rs.getString("title"),
                rs.getString("description"),
                new Venue(rs.getString("venue_name"), rs.getString("venue_address"), rs.getString("venue_city")),
                instant(rs, "starts_at"),
                instant(rs, "ends_at"),
                rs.getString("time_zone"),
                rs.getInt("capacity"),
                new Money(rs.getBigDecimal("price_amount"), rs.getString("price_currency").strip()),
                EventStatus.valueOf(rs.getString("status")),
                rs.getInt("seats_booked"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "published_at"),
                instant(rs, "cancelled_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
