using Cart.Sample;
using CartStorage;
using Microsoft.AspNetCore.Authentication.Cookies;

var builder = WebApplication.CreateBuilder(args);

// The backend is chosen by configuration only (appsettings.json, environment): see README.md.
var cart = builder.Services.AddCartStorage(builder.Configuration.GetSection(CartStorageOptions.SectionName));
SampleBackends.Register(cart, builder.Configuration);

// Who owns the cart: the signed-in user (cookie authentication) or a guest (a Data Protection-protected cookie).
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
{
    o.Cookie.Name = ".cart.auth";
    o.Cookie.SameSite = SameSiteMode.Lax;
    o.Events.OnRedirectToLogin = context =>
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    };
});
builder.Services.AddSingleton<CartOwner>();

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<CartErrors>();
builder.Services.AddSession(o => o.Cookie.Name = ".cart.session");
builder.Services.AddHealthChecks().AddCartStorage();

var app = builder.Build();
app.UseExceptionHandler();
app.UseAuthentication();
app.UseSession();
app.MapAccountEndpoints();
app.MapCartEndpoints();
app.MapHealthChecks("/health");
app.Run();

/// <summary>The sample's entry point, visible to its end-to-end tests.</summary>
public partial class Program;
