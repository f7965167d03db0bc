package com.eventplanner.event.catalog;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.audit.AuditWriter;
import com.eventplanner.cache.CacheAside;
import com.eventplanner.cache.CacheKeys;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.Payload;
import com.eventplanner.contracts.event.EventCancelled;
import com.eventplanner.contracts.event.EventCreated;
import com.eventplanner.contracts.event.EventUpdated;
import com.eventplanner.contracts.event.Venue;
import com.eventplanner.messaging.outbox.Outbox;
import com.eventplanner.security.AuthenticatedUser;
import com.eventplanner.security.Role;
import com.eventplanner.web.ApiException;
import com.eventplanner.web.CorrelationId;
import com.eventplanner.web.Problem;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event catalogue's rules: organizers create drafts, edit, publish and cancel their own events (an ADMIN any);
 * anyone reads published and cancelled events, a draft only its owner. Each change commits together with the
 * message announcing it (outbox) and then evicts {@code event:<eventId>} and writes an audit record.
 */
@Service
class EventService {

    static final String SOURCE = "event-functions";

    private final EventRepository events;
    private final Outbox outbox;
    private final CacheAside cache;
    private final AuditWriter audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    /** Audit is resolved at the first change: reads, the usual first request, never build the MongoDB client. */
    EventService(EventRepository events, Outbox outbox, CacheAside cache, @Lazy AuditWriter audit,
                 PlatformTransactionManager transactionManager, Clock clock) {
        this.events = events;
        this.outbox = outbox;
        this.cache = cache;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    EventView create(Actor actor, EventDetails details) {
        AuthenticatedUser user = actor.user();
        if (!user.hasAnyRole(Role.ORGANIZER, Role.ADMIN)) {
            throw ApiException.forbidden("Only organizers can create events");
        }
        checkRules(details);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        EventView created = transaction.execute(status -> {
            events.insert(id, user.userId(), details, now);
            return events.find(id).orElseThrow();
        });
        audit(actor, "EVENT_CREATED", id, Map.of("title", details.title(), "status", EventStatus.DRAFT.name()));
        return created;
    }

    EventView update(Actor actor, UUID id, EventDetails details) {
        checkRules(details);
        Instant now = clock.instant();
        Change change = transaction.execute(status -> {
            EventView before = managed(actor.user(), id);
            if (before.status() == EventStatus.CANCELLED) {
                throw ApiException.conflict("EVENT_CANCELLED", "A cancelled event cannot be changed");
            }
            // its bookings are history (and the outbox sweep forgets their seat ledger): no new dates for it
            if (!before.endsAt().isAfter(now)) {
                throw ApiException.conflict("EVENT_ENDED", "An event that has ended cannot be changed");
            }
            events.update(id, details, now);
            EventView after = events.find(id).orElseThrow();
            if (after.status() == EventStatus.PUBLISHED) {
                announce(new EventUpdated(after.id(), after.organizerId(), after.title(), after.venue(),
                        after.startsAt(), after.endsAt(), after.timeZone(), after.capacity(), after.price()), now);
            }
            return new Change(before, after);
        });
        changed(actor, "EVENT_UPDATED", change.after(), differences(change.before(), change.after()));
        return change.after();
    }

    EventView publish(Actor actor, UUID id) {
        Instant now = clock.instant();
        EventView published = transaction.execute(status -> {
            EventView event = managed(actor.user(), id);
            if (event.status() != EventStatus.DRAFT) {
                throw ApiException.conflict("NOT_A_DRAFT", "Only a draft can be published; this event is "
                        + event.status());
            }
            if (!event.startsAt().isAfter(now)) {
                throw ApiException.unprocessable("EVENT_IN_PAST", "An event that has started cannot be published",
                        new Problem.FieldError("startsAt", "must be in the future"));
            }
            events.publish(id, now);
            EventView after = events.find(id).orElseThrow();
            announce(new EventCreated(after.id(), after.organizerId(), after.title(), after.venue(),
                    after.startsAt(), after.endsAt(), after.timeZone(), after.capacity(), after.price()), now);
            return after;
        });
        changed(actor, "EVENT_PUBLISHED", published, Map.of("status", Map.of("from", "DRAFT", "to", "PUBLISHED")));
        return published;
    }

    EventView cancel(Actor actor, UUID id, String reason) {
        Instant now = clock.instant();
        Change change = transaction.execute(status -> {
            EventView before = managed(actor.user(), id);
            if (before.status() == EventStatus.CANCELLED) {
                throw ApiException.conflict("EVENT_CANCELLED", "This event is already cancelled");
            }
            events.cancel(id, now);
            if (before.status() == EventStatus.PUBLISHED) {
                // a draft was never announced, so there is nobody to tell
                announce(new EventCancelled(before.id(), before.organizerId(), before.title(), reason), now);
            }
            return new Change(before, events.find(id).orElseThrow());
        });
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("status", Map.of("from", change.before().status().name(), "to", "CANCELLED"));
        changes.put("reason", reason);
        changed(actor, "EVENT_CANCELLED", change.after(), changes);
        return change.after();
    }

    /** One event through the cache; drafts are visible to their owner and admins only (404 for everyone else). */
    EventView get(Optional<AuthenticatedUser> caller, UUID id) {
        EventView event = cache.get(CacheKeys.EVENT.key(id.toString()), CacheKeys.EVENT.ttl(), EventView.class,
                () -> events.find(id).orElse(null));
        if (event == null
                || event.status() == EventStatus.DRAFT && !caller.map(user -> canManage(user, event)).orElse(false)) {
            throw notFound();
        }
        return event;
    }

    EventPage list(EventFilter filter, int page, int size) {
        return events.published(filter, page, size);
    }

    List<EventView> mine(AuthenticatedUser user) {
        if (!user.hasAnyRole(Role.ORGANIZER, Role.ADMIN)) {
            throw ApiException.forbidden("Only organizers have events of their own");
        }
        return events.byOrganizer(user.userId());
    }

    private EventView managed(AuthenticatedUser user, UUID id) {
        EventView event = events.findForUpdate(id).orElseThrow(EventService::notFound);
        if (!canManage(user, event)) {
            if (event.status() == EventStatus.DRAFT) {
                throw notFound();
            }
            throw ApiException.forbidden("Only the event's organizer can change it");
        }
        return event;
    }

    private static boolean canManage(AuthenticatedUser user, EventView event) {
        return user.isAdmin() || user.hasRole(Role.ORGANIZER) && user.userId().equals(event.organizerId());
    }

    /** Rules Bean Validation cannot express on one field. */
    private static void checkRules(EventDetails details) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!details.endsAt().isAfter(details.startsAt())) {
            errors.add(new Problem.FieldError("endsAt", "must be after startsAt"));
        }
        try {
            ZoneId.of(details.timeZone());
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError("timeZone", "must be an IANA time zone such as Europe/Berlin"));
        }
        try {
            Currency.getInstance(details.price().currency());
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("price.currency", "must be an ISO 4217 code"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, "VALIDATION_FAILED", "The request has invalid fields", errors);
        }
    }

    private void announce(Payload payload, Instant now) {
        String correlationId = CorrelationId.current().orElseGet(CorrelationId::newId);
        outbox.append(Envelope.of(payload, SOURCE, correlationId, now));
    }

    private void changed(Actor actor, String action, EventView event, Map<String, Object> changes) {
        cache.evict(CacheKeys.EVENT.key(event.id().toString()));
        audit(actor, action, event.id(), changes);
    }

    private void audit(Actor actor, String action, UUID eventId, Map<String, Object> changes) {
        audit.write(AuditRecord.of(action, actor.user().userId().toString(), eventId.toString(), changes)
                .withClient(actor.ipAddress(), actor.userAgent()));
    }

    private static Map<String, Object> differences(EventView before, EventView after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        compare(changes, "title", before.title(), after.title());
        compare(changes, "description", before.description(), after.description());
        compare(changes, "venue", venue(before.venue()), venue(after.venue()));
        compare(changes, "startsAt", before.startsAt().toString(), after.startsAt().toString());
        compare(changes, "endsAt", before.endsAt().toString(), after.endsAt().toString());
        compare(changes, "timeZone", before.timeZone(), after.timeZone());
        compare(changes, "capacity", before.capacity(), after.capacity());
        compare(changes, "price", money(before.price()), money(after.price()));
        return changes;
    }

    private static void compare(Map<String, Object> changes, String field, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("from", from);
            change.put("to", to);
            changes.put(field, change);
        }
    }

    private static String venue(Venue venue) {
        return venue.name() + ", " + venue.address() + ", " + venue.city();
    }

    private static String money(Money money) {
        return money.amount().toPlainString() + " " + money.currency();
    }

    private static ApiException notFound() {
        return ApiException.notFound("EVENT_NOT_FOUND", "No such event");
    }

    private record Change(EventView before, EventView after) {
    }
}
