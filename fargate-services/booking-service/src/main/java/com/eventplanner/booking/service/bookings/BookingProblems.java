package com.eventplanner.booking.service.bookings;

import com.eventplanner.booking.BookingException;
import com.eventplanner.web.ApiException;
import com.eventplanner.web.Problem;
import com.eventplanner.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The domain's refusals as problem details; every other error is left to the shared advice. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class BookingProblems {

    @ExceptionHandler(BookingException.class)
    ResponseEntity<Problem> refused(BookingException e, HttpServletRequest request) {
        int status = switch (e.kind()) {
            case EVENT_NOT_FOUND, BOOKING_NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            case SOLD_OUT, EVENT_NOT_BOOKABLE, SEAT_LIMIT_EXCEEDED, NOT_CANCELLABLE, CANCELLATION_WINDOW_CLOSED -> 409;
        };
        Problem problem = Problems.from(new ApiException(status, e.kind().name(), e.getMessage()),
                request.getRequestURI());
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE)).body(problem);
    }
}
