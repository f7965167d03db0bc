package com.eventplanner.booking.service.bookings;

import com.eventplanner.booking.Booking;
import com.eventplanner.booking.BookingException;
import com.eventplanner.booking.BookingStatus;
import com.eventplanner.booking.Bookings;
import com.eventplanner.booking.Inventory;
import com.eventplanner.booking.service.security.Caller;
import com.eventplanner.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/bookings", produces = MediaType.APPLICATION_JSON_VALUE)
class BookingController {

    private final Bookings bookings;
    private final IdempotentBookingCreation creation;

    BookingController(Bookings bookings, IdempotentBookingCreation creation) {
        this.bookings = bookings;
        this.creation = creation;
    }

    @Operation(summary = "Hold seats for 15 minutes pending payment",
            responses = {
                    @ApiResponse(responseCode = "201", content = @Content(
                            schema = @Schema(implementation = BookingResponse.class))),
                    @ApiResponse(responseCode = "409",
                            description = "SOLD_OUT, EVENT_NOT_BOOKABLE or SEAT_LIMIT_EXCEEDED"),
                    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")})
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> create(@RequestHeader(IdempotentBookingCreation.HEADER) String idempotencyKey,
                                  @Valid @RequestBody CreateBookingRequest request,
                                  @Parameter(hidden = true) Caller caller) {
        IdempotentBookingCreation.Response response = creation.create(caller, idempotencyKey, request);
        return ResponseEntity.status(response.status())
                .location(URI.create("/api/bookings/" + response.bookingId()))
                .header("Idempotent-Replayed", String.valueOf(response.replayed()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(response.body());
    }

    @Operation(summary = "One booking: its attendee, the event's organizer or an admin; 404 for anyone else")
    @GetMapping("/{id}")
    BookingResponse get(@PathVariable UUID id, @Parameter(hidden = true) Caller caller) {
        return bookings.find(id)
                .filter(booking -> booking.visibleTo(caller.userId(), caller.isAdmin()))
                .map(BookingResponse::of)
                .orElseThrow(() -> new BookingException(BookingException.Kind.BOOKING_NOT_FOUND, "No booking " + id));
    }

    @Operation(summary = "My bookings, or with eventId the bookings of an event I organize; newest first")
    @GetMapping
    BookingResponse.Page list(@RequestParam(required = false) UUID eventId,
                              @RequestParam(required = false) BookingStatus status,
                              @RequestParam(defaultValue = "0") @Min(0) int page,
                              @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
                              @Parameter(hidden = true) Caller caller) {
        if (eventId == null) {
            return BookingResponse.Page.of(bookings.listForUser(caller.userId(), status, page, size));
        }
        Inventory inventory = bookings.inventory(eventId).orElseThrow(() ->
                new BookingException(BookingException.Kind.EVENT_NOT_FOUND, "No bookable event " + eventId));
        if (!caller.isAdmin() && !inventory.organizerId().equals(caller.userId())) {
            throw ApiException.forbidden("Only the event's organizer can list its bookings.");
        }
        return BookingResponse.Page.of(bookings.listForEvent(eventId, status, page, size));
    }

    @Operation(summary = "Cancel: the seats go back on sale; a paid booking is refunded downstream",
            responses = @ApiResponse(responseCode = "409", description = "NOT_CANCELLABLE, or "
                    + "CANCELLATION_WINDOW_CLOSED: the attendee asked less than eventplanner.booking.cancellation-cutoff "
                    + "(default 24 h) before the event starts; admins are not bound by it"))
    @PostMapping("/{id}/cancel")
    BookingResponse cancel(@PathVariable UUID id, @Parameter(hidden = true) Caller caller) {
        Booking cancelled = bookings.cancel(id, caller.userId(), caller.isAdmin());
        return BookingResponse.of(cancelled);
    }
}
