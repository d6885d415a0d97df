using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CartStorage.AspNetCore;

/// <summary>
/// The <c>If-Match</c> header of a request: the cart ETags it accepts (strong comparison, RFC 9110: a weak tag matches
/// nothing), or <c>*</c> for any existing cart.
/// </summary>
internal sealed class IfMatch
{
    private readonly IList<EntityTagHeaderValue> tags;

    private IfMatch(IList<EntityTagHeaderValue> tags) => this.tags = tags;

    /// <summary>The header, <see langword="null"/> without one; a malformed one is bad input.</summary>
    public static IfMatch? Of(HttpRequest request)
    {
        if (request.Headers.IfMatch.Count == 0)
        {
            return null;
        }

        var tags = request.GetTypedHeaders().IfMatch;
        return tags.Count == 0
            ? throw CartApiException.BadInput("If-Match", "If-Match must be the quoted ETag of the cart, as the ETag header gave it (or *).")
            : new IfMatch(tags);
    }

    /// <summary>Whether <paramref name="cart"/> is a cart the header names.</summary>
    public bool Matches(CartSnapshot cart)
    {
        var current = "\"" + cart.ETag + "\"";
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) ? cart.Version > 0 : !t.IsWeak && t.Tag.Equals(current, StringComparison.Ordinal));
    }
}
