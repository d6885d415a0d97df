using CartStorage;
using Microsoft.AspNetCore.Diagnostics;

namespace Cart.Sample;

/// <summary>Turns the library's documented exceptions into HTTP problem details.</summary>
public sealed class CartErrors : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var ifMatch = http.Request.Headers.IfMatch.Any();
        var (status, title, field) = exception switch
        {
            CartConflictException when ifMatch => (StatusCodes.Status412PreconditionFailed, "The cart changed since the version in If-Match; read it again.", null),
            CartConflictException => (StatusCodes.Status409Conflict, "The cart kept changing under concurrent writers; try again.", null),
            CartLockTimeoutException => (StatusCodes.Status503ServiceUnavailable, "The cart is busy; try again shortly.", null),
            CartStorageUnavailableException => (StatusCodes.Status503ServiceUnavailable, "The cart store cannot be reached right now; try again shortly. If you were changing the cart, read it again first: the change may or may not have been saved.", null),
            CartLimitExceededException e => (StatusCodes.Status400BadRequest, e.Message, e.LimitName),
            ArgumentException e => (StatusCodes.Status400BadRequest, e.Message, e.ParamName),
            BadHttpRequestException e => (StatusCodes.Status400BadRequest, e.Message, null),
            KeyNotFoundException e => (StatusCodes.Status404NotFound, e.Message, null),
            CartDataCorruptedException e => (StatusCodes.Status500InternalServerError, e.Message, null),
            _ => (0, null, null),
        };
        if (status == 0)
        {
            return false;
        }

        if (exception is CartLockTimeoutException)
        {
            http.Response.Headers.RetryAfter = "1";
        }
        else if (exception is CartStorageUnavailableException)
        {
            // An outage lasts longer than a busy lock; the store's own message (and inner exception) stays in the logs.
            http.Response.Headers.RetryAfter = "5";
        }

        http.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        await http.Response.WriteAsJsonAsync(problem, cancellationToken);
        return true;
    }
}
