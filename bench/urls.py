"""The product's addresses plus the floor view (bench/floor.py), for the benchmark server only."""

from django.urls import path

from bench.floor import floor
from presales.urls import urlpatterns as product_urlpatterns

urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *product_urlpatterns]
