using System.Text.Json;
using CartStorage;
using Microsoft.AspNetCore.Mvc;

namespace Cart.Sample;

/// <summary>
/// The caller's cart: <c>/cart</c>, owned by the signed-in user or the guest of the guest cookie (<see cref="CartOwner"/>),
/// never by anything in the URL. <c>?instance=</c> selects another cart of the caller (default <c>default</c>).
/// Writes with <c>If-Match: "&lt;etag&gt;"</c> (the cart's <see cref="CartSnapshot.ETag"/>) answer 412 when the cart moved on (<see cref="IfMatchStorage"/>);
/// without it they are safe read-modify-writes (<see cref="ICartStorage.UpdateAsync"/>).
/// </summary>
public static class CartEndpoints
{
    private const string DefaultInstance = "default";

    public static void MapCartEndpoints(this IEndpointRouteBuilder app)
    {
        var cart = app.MapGroup("/cart");

        cart.MapGet("/", async (string? instance, CartOwner owner, ICartStorage storage, HttpContext http, CancellationToken ct) =>
        {
            instance ??= DefaultInstance;
            var identifier = owner.Find(http);
            var current = identifier is null ? null : await storage.GetAsync(identifier, instance, ct);
            return Respond(http, instance, current ?? CartSnapshot.Empty);
        });

        cart.MapPost("/items", (string? instance, AddItemRequest item, CartOwner owner, ICartStorage storage, HttpContext http, CancellationToken ct) =>
            WriteAsync(http, owner, storage, instance, (s, id, i) => s.AddItemAsync(id, i, item.ToItem(), ct)));

        cart.MapPatch("/items/{id}", (string? instance, string id, SetQuantityRequest body, CartOwner owner, ICartStorage storage, HttpContext http, CancellationToken ct) =>
            WriteAsync(http, owner, storage, instance, (s, identifier, i) => s.UpdateAsync(identifier, i, c => CartChanges.SetQuantity(c, id, body.Quantity), ct)));

        cart.MapDelete("/items/{id}", (string? instance, string id, CartOwner owner, ICartStorage storage, HttpContext http, CancellationToken ct) =>
            WriteAsync(http, owner, storage, instance, (s, identifier, i) => s.UpdateAsync(identifier, i, c => CartChanges.SetQuantity(c, id, 0), ct)));

        cart.MapPut("/conditions", (string? instance, CartCondition[] conditions, CartOwner owner, ICartStorage storage, HttpContext http, CancellationToken ct) =>
            WriteAsync(http, owner, storage, instance, (s, identifier, i) => s.UpdateAsync(identifier, i, c => c with { Conditions = conditions }, ct)));

        cart.MapPut("/metadata/{key}", (string? instance, string key, [FromBody] JsonElement value, CartOwner owner, ICartStorage storage, HttpContext http, CancellationToken ct) =>
            WriteAsync(http, owner, storage, instance, (s, identifier, i) => s.UpdateAsync(identifier, i, c => c with { Metadata = new Dictionary<string, JsonElement>(c.Metadata) { [key] = value } }, ct)));

        cart.MapPost("/checkout", CheckoutAsync);
    }

    /// <summary>
    /// Checks out the cart the caller saw (the ETag of <c>If-Match</c>, required: 428 without) and removes it only if
    /// it is still that cart at that version (<see cref="ICartStorage.ForgetAsync(string, string, string, CancellationToken)"/>):
    /// an item added after the caller read the cart, or a new cart started after a checkout, makes it 412, and the cart
    /// stays. A shop places the order here, between the read and the removal.
    /// </summary>
    private static async Task<IResult> CheckoutAsync(string? instance, CartOwner owner, ICartStorage storage, HttpContext http, CancellationToken ct)
    {
        instance ??= DefaultInstance;
        if (IfMatchStorage.ExpectedETag(http.Request) is not { } expected)
        {
            return Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Checkout needs If-Match with the ETag of the cart being ordered.");
        }

        var identifier = owner.Find(http);
        var current = (identifier is null ? null : await storage.GetAsync(identifier, instance, ct)) ?? CartSnapshot.Empty;
        if (current.ETag != expected)
        {
            throw new CartConflictException(identifier ?? "visitor", instance, -1, current.Version, expected, current.ETag);
        }

        // The order would be placed here, from `current`. Then the cart goes, only if nobody changed it meanwhile.
        if (identifier is not null)
        {
            await storage.ForgetAsync(identifier, instance, expected, ct);
        }

        return Respond(http, instance, current);
    }

    private static async Task<IResult> WriteAsync(HttpContext http, CartOwner owner, ICartStorage storage, string? instance, Func<ICartStorage, string, string, Task<CartSnapshot>> write)
    {
        instance ??= DefaultInstance;
        var checkedStorage = IfMatchStorage.For(http.Request, storage);
        return Respond(http, instance, await write(checkedStorage, owner.GetOrCreate(http), instance));
    }

    internal static IResult Respond(HttpContext http, string instance, CartSnapshot cart)
    {
        http.Response.Headers.ETag = $"\"{cart.ETag}\"";
        return Results.Ok(CartResponse.From(instance, cart));
    }
}
