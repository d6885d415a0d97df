using System.Text.Json;
using CartStorage;
using Microsoft.AspNetCore.Mvc;

namespace Cart.Sample;

/// <summary>
/// The cart API. Writes without <c>If-Match</c> go through <see cref="ICartStorage.UpdateAsync"/> (safe
/// read-modify-write); writes with <c>If-Match: "&lt;version&gt;"</c> go through <see cref="ICartStorage.SaveAsync"/>
/// and answer 412 when the cart moved on.
/// </summary>
public static class CartEndpoints
{
    public static void MapCartEndpoints(this IEndpointRouteBuilder app)
    {
        var carts = app.MapGroup("/carts/{identifier}/{instance}");

        carts.MapGet("/", async (string identifier, string instance, ICartStorage storage, HttpContext http, CancellationToken ct) =>
            Respond(http, identifier, instance, await storage.GetAsync(identifier, instance, ct) ?? CartSnapshot.Empty));

        carts.MapPost("/items", (string identifier, string instance, AddItemRequest item, ICartStorage storage, HttpContext http, CancellationToken ct) =>
            WriteAsync(http, storage, identifier, instance, cart => CartChanges.Add(cart, item), ct));

        carts.MapPatch("/items/{id}", (string identifier, string instance, string id, SetQuantityRequest body, ICartStorage storage, HttpContext http, CancellationToken ct) =>
            WriteAsync(http, storage, identifier, instance, cart => CartChanges.SetQuantity(cart, id, body.Quantity), ct));

        carts.MapDelete("/items/{id}", (string identifier, string instance, string id, ICartStorage storage, HttpContext http, CancellationToken ct) =>
            WriteAsync(http, storage, identifier, instance, cart => CartChanges.SetQuantity(cart, id, 0), ct));

        carts.MapPut("/conditions", (string identifier, string instance, CartCondition[] conditions, ICartStorage storage, HttpContext http, CancellationToken ct) =>
            WriteAsync(http, storage, identifier, instance, cart => cart with { Conditions = conditions }, ct));

        carts.MapPut("/metadata/{key}", (string identifier, string instance, string key, [FromBody] JsonElement value, ICartStorage storage, HttpContext http, CancellationToken ct) =>
            WriteAsync(http, storage, identifier, instance, cart => cart with { Metadata = new Dictionary<string, JsonElement>(cart.Metadata) { [key] = value } }, ct));

        carts.MapDelete("/", async (string identifier, string instance, ICartStorage storage, CancellationToken ct) =>
        {
            await storage.ForgetAsync(identifier, instance, ct);
            return Results.NoContent();
        });

        app.MapPost("/carts/{from}/swap/{to}", async (string from, string to, string? instance, ICartStorage storage, HttpContext http, CancellationToken ct) =>
        {
            instance ??= "default";
            if (!await storage.SwapIdentifierAsync(from, to, instance, ct))
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No cart '{from}'/'{instance}' to move.");
            }

            return Respond(http, to, instance, (await storage.GetAsync(to, instance, ct))!);
        });
    }

    private static async Task<IResult> WriteAsync(HttpContext http, ICartStorage storage, string identifier, string instance, Func<CartSnapshot, CartSnapshot> change, CancellationToken ct)
    {
        if (!http.Request.Headers.IfMatch.Any())
        {
            return Respond(http, identifier, instance, await storage.UpdateAsync(identifier, instance, change, ct));
        }

        if (!long.TryParse(http.Request.Headers.IfMatch.ToString().Trim().Trim('"'), out var expected) || expected < 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "If-Match must be a cart version as returned in ETag, such as \"3\".");
        }

        var current = await storage.GetAsync(identifier, instance, ct) ?? CartSnapshot.Empty;
        if (current.Version != expected)
        {
            throw new CartConflictException(identifier, instance, expected, current.Version);
        }

        return Respond(http, identifier, instance, await storage.SaveAsync(identifier, instance, change(current), ct));
    }

    private static IResult Respond(HttpContext http, string identifier, string instance, CartSnapshot cart)
    {
        http.Response.Headers.ETag = $"\"{cart.Version}\"";
        return Results.Ok(CartResponse.From(identifier, instance, cart));
    }
}
