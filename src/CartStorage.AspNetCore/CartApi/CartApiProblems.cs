using Microsoft.AspNetCore.Http;

namespace CartStorage.AspNetCore;

/// <summary>
/// Turns every error of a cart API request into an RFC 9457 problem with a stable <see cref="CartProblemTypes"/> type,
/// in one place. Titles never contain an identifier or a store's configuration; an exception the API does not know is
/// rethrown to the application's own error handling.
/// </summary>
internal static class CartApiProblems
{
    public static IResult? From(HttpContext http, Exception exception) => exception switch
    {
        CartApiException e => Problem(e.Status, e.Type, e.Message, e.Field is null ? null : new() { ["field"] = e.Field }),
        CartLimitExceededException { LimitName: "Cart:Limits:MaxItems" or "Cart:Limits:MaxDataSizeBytes" } e =>
            Problem(StatusCodes.Status409Conflict, CartProblemTypes.LimitExceeded, e.Message, new() { ["limit"] = e.LimitName }),
        CartLimitExceededException e => Problem(StatusCodes.Status400BadRequest, CartProblemTypes.BadInput, e.Message, new() { ["field"] = e.LimitName }),
        CartConflictException => Problem(StatusCodes.Status409Conflict, CartProblemTypes.Conflict, "The cart kept changing under concurrent writers; try again."),
        CartLockTimeoutException => Unavailable(http, "1", CartProblemTypes.Busy, "The cart is busy; try again shortly."),
        CartStorageUnavailableException => Unavailable(
            http,
            "5",
            CartProblemTypes.Unavailable,
            "The cart store cannot be reached right now; try again shortly. If you were changing the cart, read it again first: the change may or may not have been saved."),
        CartDataCorruptedException => Problem(StatusCodes.Status500InternalServerError, CartProblemTypes.Corrupted, "The stored cart cannot be read; it was left as it is."),
        ArgumentException e => Problem(StatusCodes.Status400BadRequest, CartProblemTypes.BadInput, e.Message, new() { ["field"] = e.ParamName }),
        BadHttpRequestException e => Problem(StatusCodes.Status400BadRequest, CartProblemTypes.BadInput, e.Message),
        _ => null,
    };

    private static IResult Unavailable(HttpContext http, string retryAfter, string type, string title)
    {
        http.Response.Headers.RetryAfter = retryAfter;
        return Problem(StatusCodes.Status503ServiceUnavailable, type, title);
    }

    private static IResult Problem(int status, string type, string title, Dictionary<string, object?>? extensions = null) =>
        Results.Problem(statusCode: status, type: type, title: title, extensions: extensions);
}
