using Microsoft.AspNetCore.Http;

namespace CartStorage.AspNetCore;

/// <summary>Options of <c>app.MapCartApi(...)</c>.</summary>
public sealed class CartApiOptions
{
    /// <summary>
    /// The application's order step. When set, <c>POST {prefix}/checkout</c> is mapped: it needs <c>If-Match</c> with
    /// the cart's ETag (428 without, 412 when the cart changed), calls this function with the cart that was read, and
    /// removes the cart only when it succeeds (a result whose status code is 2xx, or that has none), and only if the
    /// cart is still the one ordered (412 otherwise, and the cart stays). The function's result is the response.
    /// Default <see langword="null"/>: no checkout route.
    /// </summary>
    /// <remarks>
    /// A client that sees 412 after the order step succeeded may retry with the cart's new ETag: key the order on the
    /// snapshot's <see cref="CartSnapshot.ETag"/> if a second order for the same cart must be refused.
    /// </remarks>
    public Func<CartSnapshot, HttpContext, Task<IResult>>? Checkout { get; set; }
}
