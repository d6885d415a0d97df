using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CartStorage.AspNetCore;

/// <summary>
/// Reads a cart API request body: JSON only (a cross-site HTML form cannot send it), parsed with the application's
/// JSON options; anything else is a problem naming the field.
/// </summary>
internal static class CartApiBody
{
    public static async Task<T> ReadAsync<T>(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
        {
            throw new CartApiException(StatusCodes.Status415UnsupportedMediaType, CartProblemTypes.UnsupportedMediaType, "The body must be JSON, sent with Content-Type: application/json.", "Content-Type");
        }

        var json = http.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions ?? JsonSerializerOptions.Web;
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, json, ct).ConfigureAwait(false)
                ?? throw CartApiException.BadInput("body", "The body must not be null.");
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            throw CartApiException.BadInput(field, $"The body is not valid here: {field} could not be read as JSON of the expected type.");
        }
    }

    /// <summary>The <c>Idempotency-Key</c> header: 1 to 255 visible ASCII characters, or <see langword="null"/> without one.</summary>
    public static string? IdempotencyKey(HttpRequest request)
    {
        var values = request.Headers["Idempotency-Key"];
        if (values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 && values[0] is { Length: > 0 and <= 255 } key && key.All(c => c is > ' ' and < '\u007f')
            ? key
            : throw CartApiException.BadInput("Idempotency-Key", "Idempotency-Key must be one value of 1 to 255 visible ASCII characters.");
    }
}
